// The reference for bench_math: the same MathJax bundle in node, typesetting the same formulas.
// usage: node bench_math.js BUNDLE FORMULAS_FILE   (one "i|TeX" or "d|TeX" per line)
// Prints one JSON object of milliseconds.
'use strict';
const fs = require('fs');
const path = require('path');

const [bundle, formulasFile] = process.argv.slice(2);
const formulas = fs.readFileSync(formulasFile, 'utf8').split('\n').filter(Boolean)
    .map(line => ({display: line[0] === 'd', tex: line.slice(2)}));

const now = () => Number(process.hrtime.bigint()) / 1e6;
let start = now();
require(path.resolve(bundle));
const load = now() - start;

start = now();
globalThis.notebenchTypeset(formulas[0].tex, formulas[0].display);
const first = now() - start;

const times = [];
for (const formula of formulas.slice(1)) {
    start = now();
    const result = globalThis.notebenchTypeset(formula.tex, formula.display);
    times.push(now() - start);
    if (!result.svg)
        throw new Error('no svg for ' + formula.tex + ': ' + result.error);
}
times.sort((a, b) => a - b);
const at = q => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(JSON.stringify({load: load, first: first, median: at(0.5), p95: at(0.95), count: times.length}));
