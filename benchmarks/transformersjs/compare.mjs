// Prints the side-by-side table from the two JSON reports: node compare.mjs dotnet.json transformersjs.json
import { readFileSync } from 'node:fs';
import os from 'node:os';

const [ours, theirs] = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));
// Special tokens are kept by both; compare the answers without <s>, </s> and <pad>.
const answer = (text) => text.replaceAll(/<\/?s>|<pad>/g, '');

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`${ours.library} vs ${theirs.library}; ${ours.threads} intra-op thread(s); ${ours.warmup} warm-up + ${ours.runs} runs; greedy, max_new_tokens ${ours.max_new_tokens}`);
console.log('');
console.log('| task | answer tokens | Florence2 median (ms) | transformers.js median (ms) | ratio tjs / ours | same answer |');
console.log('|---|---:|---:|---:|---:|---|');
let mismatch = false;
for (const [name, mine] of Object.entries(ours.tasks)) {
    const other = theirs.tasks[name];
    if (!other) continue;
    const same = answer(mine.text) === answer(other.text);
    mismatch ||= !same;
    console.log(`| ${name} (${mine.task}) | ${mine.generated_tokens} | ${mine.median_ms.toFixed(0)} | ${other.median_ms.toFixed(0)} | ${(other.median_ms / mine.median_ms).toFixed(2)} | ${same ? 'yes' : 'NO'} |`);
}
console.log('');
for (const [name, mine] of Object.entries(ours.tasks)) {
    const stages = mine.stages_median_ms;
    console.log(`Florence2 ${name} stages (median ms): preprocessing ${stages.preprocessing}, vision ${stages.vision_encoder}, text encoder ${stages.text_encoder}, decoder ${stages.decoder} over ${mine.decoder_steps} steps`);
}
console.log('');
for (const [name, mine] of Object.entries(ours.tasks)) {
    console.log(`${name} answer, Florence2:       ${mine.text}`);
    console.log(`${name} answer, transformers.js: ${theirs.tasks[name]?.text}`);
}
process.exitCode = mismatch ? 1 : 0;
