// mapshaper ships no types; only what api/areas/boundary-import.ts uses (its Node API).
declare module 'mapshaper' {
  /** Output files by name; `input` gives the named input files' contents (no file I/O). */
  function applyCommands(
    commands: string,
    input?: Record<string, string | Buffer | ArrayBuffer>,
  ): Promise<Record<string, string | Buffer>>;
  const mapshaper: { applyCommands: typeof applyCommands };
  export default mapshaper;
}
