// partner-scoring/wasm: the WebAssembly module file itself. A bundler's file
// or asset loader turns the import into the URL it copied the file to (for
// esbuild: --loader:.wasm=file); pass that to init().

declare const wasmUrl: string;
export default wasmUrl;
