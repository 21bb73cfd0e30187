// BENCHMARK-ONLY: the navigation-to-script floor, beside the pages that
// load the module (bench/cold.mjs).
const scriptStart = performance.now();
const bench = { scriptStart, initDone: scriptStart, scored: scriptStart, score: null };
window.__bench = bench;
// Can this browser keep a compiled WebAssembly.Module in IndexedDB? (The
// wrapper relies on the browser's own code cache for compileStreaming
// instead; bench/cold.mjs reports the answer.)
bench.idbModule = await new Promise((resolve) => {
  try {
    // The smallest valid module: the magic number and version 1.
    const mod = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    const open = indexedDB.open('cold-bench', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('m');
    open.onerror = () => resolve(`open failed: ${open.error}`);
    open.onsuccess = () => {
      try {
        const tx = open.result.transaction('m', 'readwrite');
        tx.objectStore('m').put(mod, 'k');
        tx.oncomplete = () => resolve('stored');
        tx.onerror = () => resolve(`refused: ${tx.error}`);
      } catch (e) {
        resolve(`refused: ${e.name}: ${e.message}`);
      }
    };
  } catch (e) {
    resolve(`refused: ${e.name}: ${e.message}`);
  }
});
requestAnimationFrame(() => setTimeout(() => {
  bench.afterFrame = performance.now();
}, 0));
