/** The symbol beside a status on the projector (colour is not the only cue). */
export const statusSymbol = (s: string | null | undefined): string =>
  s === 'on_target' ? '✔' : s === 'near' ? '●' : s === 'off' ? '▲' : '○';
