// Event types → colour classes. Okabe–Ito palette (colour-blind safe), 7 classes plus a
// neutral grey for types this front end does not know yet.

/** Colour classes in legend order: label and Okabe–Ito colour. */
export const CLASSES = [
  { key: 'fighting', label: 'Fighting (clashes, infiltration)', color: '#D55E00' },
  { key: 'strikes', label: 'Shelling & missile strikes', color: '#E69F00' },
  { key: 'civilians', label: 'Attacks on civilians, massacres', color: '#CC79A7' },
  { key: 'damage', label: 'Destruction & cultural heritage', color: '#8B5A2B' },
  { key: 'control', label: 'Territorial control', color: '#0072B2' },
  { key: 'people', label: 'Casualties & displacement', color: '#009E73' },
  { key: 'politics', label: 'Statements, agreements, UN', color: '#56B4E9' },
  { key: 'other', label: 'Other', color: '#7F7F7F' },
];

/** Each known event type's class. */
const TYPE_CLASS = {
  armed_clash: 'fighting',
  infiltration: 'fighting',
  shelling: 'strikes',
  missile_strike: 'strikes',
  attack_on_civilians: 'civilians',
  massacre: 'civilians',
  destruction: 'damage',
  damage_to_cultural_heritage: 'damage',
  territorial_control_change: 'control',
  casualty_report: 'people',
  displacement: 'people',
  political_statement: 'politics',
  ceasefire_or_agreement: 'politics',
  un_resolution: 'politics',
};

/** Every known event type, for the type filter. */
export const TYPES = Object.keys(TYPE_CLASS);

/** The colour class of an event type (unknown types: "other", grey). */
export function typeClass(type) {
  const key = TYPE_CLASS[type] ?? 'other';
  return CLASSES.find((c) => c.key === key);
}

/** The colour of an event type. */
export function typeColor(type) {
  return typeClass(type).color;
}

/** "missile_strike" → "Missile strike". */
export function typeLabel(type) {
  if (!type) return 'Event';
  const s = String(type).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
