// Child-process probe: does this machine have a WebGPU adapter for Node (Dawn)?
// Prints one JSON line {ok, reason}. Run as a separate process so the vitest main
// process never holds a GPU device.
try {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (adapter) {
    const info = adapter.info ?? {};
    console.log(JSON.stringify({ ok: true, reason: `${info.vendor ?? '?'} ${info.description || info.device || info.architecture || ''}`.trim() }));
  } else {
    console.log(JSON.stringify({ ok: false, reason: 'requestAdapter() returned null (no Vulkan driver?)' }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, reason: `webgpu package failed: ${error?.message ?? error}` }));
}
