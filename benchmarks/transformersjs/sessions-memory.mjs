// Plain onnxruntime-node (no transformers.js): the four sessions of a Florence-2 folder, one after the other, with the
// options transformers.js passes (intra 2, inter 1, graph optimization 'all'), then one vision run on a blank
// 768×768 image; VmHWM / VmRSS after each step. The .NET counterpart is the benchmarks' plain-sessions-memory mode.
//   node sessions-memory.mjs DIR
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const memory = () => {
    const status = readFileSync('/proc/self/status', 'utf8').split('\n');
    const mib = (field) => Math.round(Number.parseInt(status.find((l) => l.startsWith(field)).slice(field.length), 10) / 1024);
    return `peak ${mib('VmHWM:')} MiB, now ${mib('VmRSS:')} MiB`;
};
const dir = process.argv[2];
if (!dir) throw new Error('usage: node sessions-memory.mjs MODEL_DIR');
console.log(`onnxruntime-node ${ort.env.versions?.node ?? ''}, one after the other: start ${memory()}`);
const sessions = [];
for (const name of ['vision_encoder', 'embed_tokens', 'encoder_model', 'decoder_model_merged']) {
    sessions.push(await ort.InferenceSession.create(path.join(dir, 'onnx', `${name}.onnx`), {
        intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all',
    }));
    console.log(`${name} ${memory()}`);
}
const pixels = new ort.Tensor('float32', new Float32Array(3 * 768 * 768), [1, 3, 768, 768]);
await sessions[0].run({ pixel_values: pixels });
console.log(`one vision run ${memory()}`);
