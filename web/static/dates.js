// Short date labels for lists and tooltips.

/** The date as the source gives it, else the normalised ISO date or range, else "undated". */
export function dateLabel(p) {
  if (p.date_text) return p.date_text;
  if (!p.date_start) return 'undated';
  return p.date_end && p.date_end !== p.date_start ? `${p.date_start} – ${p.date_end}` : p.date_start;
}
