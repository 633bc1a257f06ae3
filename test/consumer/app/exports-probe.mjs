// Each entry point as Node resolves it (the bundled dist/node/) against the same entry point's
// module in dist/src/ (what bundlers take): the same names, and where two entry points export one
// name, the same object in dist/node/ exactly where it is the same object in dist/src/ (a class
// exists once, however many entry points an app imports; v1's own `connect` stays its own).
const SUBPATHS = { '': 'index.js', '/protocol': 'protocol/index.js', '/router': 'router/index.js', '/rawsocket': 'rawsocket.js', '/testing': 'testing/index.js', '/v1': 'v1/index.js' };
const result = {};
const node = {};
const src = {};
for (const [sub, file] of Object.entries(SUBPATHS)) {
  node[sub] = await import(`wampkit${sub}`);
  src[sub] = await import(new URL(`./node_modules/wampkit/dist/src/${file}`, import.meta.url).href);
  const a = Object.keys(node[sub]).sort();
  const b = Object.keys(src[sub]).sort();
  result[`wampkit${sub}`] = a.join() === b.join() ? a.length : { node: a, src: b };
}
let shared = 0;
const mismatches = [];
const subs = Object.keys(SUBPATHS);
for (const [i, x] of subs.entries()) {
  for (const y of subs.slice(i + 1)) {
    for (const name of Object.keys(src[x]).filter((n) => n in src[y])) {
      const same = src[x][name] === src[y][name];
      if (same) shared++;
      if (same !== (node[x][name] === node[y][name])) mismatches.push(`${name} in wampkit${x} and wampkit${y}`);
    }
  }
}
console.log(JSON.stringify({ result, shared, mismatches }));
