// Render closures and template substitutions in TSX, under --units=each.
export function Table({ rows = [] }: { rows?: string[] }) {
  const cell = (r: string) => <td className={`c ${r ? "full" : "empty"}`}>{r}</td>;
  return <table>{rows.map((r) => cell(r ?? ""))}</table>;
}
