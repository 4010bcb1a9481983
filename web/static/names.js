// Place-name conventions: which of a place's names to show. Never hard-coded per place: the
// names come from the data (`place_names` / `names`: [{text, lang, script, note}]).

/** The conventions offered, in the selector's order. */
export const CONVENTIONS = [
  { key: 'en', label: 'English' },
  { key: 'az', label: 'Azerbaijani' },
  { key: 'hy', label: 'Armenian' },
  { key: 'ru', label: 'Russian' },
  { key: 'all', label: 'All names' },
];

/** Language tags tried for each convention, best first. Armenian prefers the
 * romanised form (hy-Latn: "Berdzor") so Latin-script readers can read it, then Armenian script. */
const PREFERENCE = {
  en: ['en'],
  az: ['az', 'az-Latn'],
  hy: ['hy-Latn', 'hy'],
  ru: ['ru'],
};

function byLang(names, lang) {
  return (names || []).find((n) => n && n.lang === lang && n.text);
}

/**
 * The name of a place under a convention. `fallback` (the place's main name) is used when
 * the place has no name in that language; "all" joins the distinct English, Azerbaijani and
 * Armenian (romanised) names: "Lachin / Laçın / Berdzor".
 */
export function placeName(names, fallback, convention) {
  if (convention === 'all') {
    const picks = [];
    for (const key of ['en', 'az', 'hy']) {
      const n = PREFERENCE[key].map((l) => byLang(names, l)).find(Boolean);
      if (n && !picks.includes(n.text)) picks.push(n.text);
    }
    if (fallback && !picks.length) picks.push(fallback);
    return picks.join(' / ') || fallback || '';
  }
  const n = (PREFERENCE[convention] || [convention]).map((l) => byLang(names, l)).find(Boolean);
  return n ? n.text : fallback || (names && names[0] && names[0].text) || '';
}

/** An event's place name under a convention. */
export function eventPlace(props, convention) {
  return placeName(props.place_names, props.place_name, convention);
}
