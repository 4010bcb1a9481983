// "Place it here": the dialog that names an editor place at a clicked point and says how
// precise it is (exact, approximate, district, region, country).

import { el, setChildren } from '../dom.js';
import { field, showError, values } from './forms.js';

/** The precisions of an editor place. */
export const PRECISIONS = ['exact', 'approximate', 'district', 'region', 'country'];

/**
 * Opens `dialog` for a place at {lat, lon} named `name`; `onSave(fields, report)` stores it
 * (fields as `POST /api/places` takes them) and calls `report(error)` on failure (returns
 * null when done).
 */
export function placeDialog(dialog, { name, lat, lon }, onSave) {
  const form = el('form', { id: 'place-form', method: 'dialog', class: 'desk-form' },
    el('h2', { id: 'place-dialog-title', text: 'A new place here' }),
    el('p', { class: 'hint', text: `At ${lat.toFixed(4)}, ${lon.toFixed(4)} (latitude, longitude)` }),
    field('Name', 'name', { value: name, attrs: { required: true } }, 'place'),
    field('Precision', 'precision', { kind: 'select', options: PRECISIONS, value: 'exact' }, 'place'),
    field('Country code (optional)', 'country_code', { attrs: { maxlength: 2, size: 3 } }, 'place'),
    el('p', { class: 'dialog-buttons' },
      el('button', { type: 'submit', value: 'save', text: 'Save the place' }),
      el('button', { type: 'button', onclick: () => dialog.close(), text: 'Cancel' })));
  setChildren(dialog, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = values(form);
    if (!v.name) return showError(form, { field: 'name', message: 'is required' });
    const fields = { name: v.name, precision: v.precision, geometry: { type: 'Point', coordinates: [+lon.toFixed(6), +lat.toFixed(6)] } };
    if (v.country_code) fields.country_code = v.country_code.toUpperCase();
    const failed = await onSave(fields, (err) => showError(form, err));
    if (!failed) dialog.close();
  });
  dialog.showModal();
  form.querySelector('input').focus();
}
