// Times transformers.js (onnxruntime-node, CPU) on a Florence-2 model folder written by Florence2.TestModels:
// the same tasks, image, thread count and greedy settings as the .NET side of ../side-by-side.sh.
// Prints one JSON object on stdout (progress on stderr).
//
//   node bench.mjs --task caption=/abs/model-dir --task detection=/abs/model-dir --image /abs/image.jpg \
//                  [--runs 5] [--warmup 1] [--threads 1] [--max-new-tokens 256]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AutoProcessor, Florence2ForConditionalGeneration, RawImage, env } from '@huggingface/transformers';

const TASK_TOKENS = { caption: '<CAPTION>', detection: '<OD>' };

function parseArgs(argv) {
    const options = { tasks: [], runs: 5, warmup: 1, threads: 1, maxNewTokens: 256, image: null };
    for (let i = 0; i < argv.length; i++) {
        const next = () => {
            if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
            return argv[++i];
        };
        switch (argv[i]) {
            case '--task': {
                const [name, dir] = next().split('=');
                if (!(name in TASK_TOKENS) || !dir) throw new Error(`--task wants caption=DIR or detection=DIR`);
                options.tasks.push({ name, token: TASK_TOKENS[name], dir: path.resolve(dir) });
                break;
            }
            case '--image': options.image = path.resolve(next()); break;
            case '--runs': options.runs = Number(next()); break;
            case '--warmup': options.warmup = Number(next()); break;
            case '--threads': options.threads = Number(next()); break;
            case '--max-new-tokens': options.maxNewTokens = Number(next()); break;
            default: throw new Error(`unknown option ${argv[i]}`);
        }
    }
    if (options.tasks.length === 0 || !options.image) throw new Error('need at least one --task and --image');
    return options;
}

const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round1 = (value) => Math.round(value * 10) / 10;

// Peak resident set of this process so far (VmHWM, Linux), in MiB; null elsewhere.
const peakMiB = () => {
    try {
        const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
        return line ? Math.round(Number.parseInt(line.slice(6), 10) / 1024) : null;
    } catch {
        return null;
    }
};

const options = parseArgs(process.argv.slice(2));

// Local folders only: never reach for the Hub.
env.allowRemoteModels = false;
env.allowLocalModels = true;

const results = {};
for (const task of options.tasks) {
    env.localModelPath = path.dirname(task.dir) + path.sep;
    const name = path.basename(task.dir);
    const loadStart = performance.now();
    const model = await Florence2ForConditionalGeneration.from_pretrained(name, {
        dtype: 'fp32',
        device: 'cpu',
        session_options: { intraOpNumThreads: options.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
    });
    const processor = await AutoProcessor.from_pretrained(name);
    const loadMs = performance.now() - loadStart;
    const peakAfterLoad = peakMiB();

    // One call as an application makes it: read + preprocess the image, generate, decode, post-process.
    const once = async () => {
        const image = await RawImage.read(options.image);
        const prompts = processor.construct_prompts(task.token);
        const inputs = await processor(image, prompts);
        const ids = await model.generate({ ...inputs, max_new_tokens: options.maxNewTokens, num_beams: 1, do_sample: false });
        const text = processor.batch_decode(ids, { skip_special_tokens: false })[0];
        const parsed = processor.post_process_generation(text, task.token, image.size);
        return { text, parsed, tokens: ids.dims.at(-1) };
    };

    for (let i = 0; i < options.warmup; i++) await once();
    const samples = [];
    let last;
    for (let i = 0; i < options.runs; i++) {
        const start = performance.now();
        last = await once();
        samples.push(performance.now() - start);
        process.stderr.write(`transformers.js ${task.name} run ${i + 1}/${options.runs}: ${samples.at(-1).toFixed(0)} ms\n`);
    }
    results[task.name] = {
        task: task.token,
        model: task.dir,
        load_ms: round1(loadMs),
        peak_after_load_mib: peakAfterLoad,
        peak_after_runs_mib: peakMiB(),
        median_ms: round1(median(samples)),
        min_ms: round1(Math.min(...samples)),
        runs_ms: samples.map(round1),
        generated_tokens: last.tokens,
        text: last.text,
        parsed_items: task.name === 'detection' ? last.parsed[task.token]?.bboxes?.length ?? null : null,
    };
    await model.dispose();
}

console.log(JSON.stringify({
    library: `transformers.js ${env.version} (node ${process.version}, onnxruntime-node ${env.backends?.onnx?.versions?.node ?? ''})`,
    image: options.image,
    threads: options.threads,
    warmup: options.warmup,
    runs: options.runs,
    max_new_tokens: options.maxNewTokens,
    tasks: results,
}, null, 2));
