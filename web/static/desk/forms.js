// Form helpers of the desk: an API error shown next to the field it names (the problem's
// `field`), else at the form's foot; values read from named controls.

import { el } from '../dom.js';

/** Removes every error message of `form` (and their aria-invalid). */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => {
    n.removeAttribute('aria-invalid');
    n.removeAttribute('aria-describedby');
  });
}

/**
 * Shows `err` (an ApiError, or a message) in `form`: beside the control whose name is the
 * error's field (`aliases` maps API fields to control names), else at the end of the form.
 * The control gets aria-invalid and focus.
 */
export function showError(form, err, aliases = {}) {
  clearErrors(form);
  const message = typeof err === 'string' ? err : err.message;
  const field = typeof err === 'string' ? null : err.field;
  const name = field ? aliases[field] || field : null;
  const control = name ? form.querySelector(`[name="${CSS.escape(name)}"]`) : null;
  const id = `err-${form.id || 'form'}-${name || 'form'}`;
  const msg = el('p', { class: 'field-error', id, role: 'alert' }, field ? `${field}: ${message}` : message);
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', id);
    (control.closest('.field') || control.parentElement).append(msg);
    control.focus();
  } else {
    form.append(msg);
  }
  return msg;
}

/** The trimmed string values of the named controls of `form` (empty ones left out). */
export function values(form) {
  const out = {};
  for (const c of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (c.type === 'radio' && !c.checked) continue;
    if (c.type === 'file' || c.type === 'checkbox') continue;
    const v = c.tagName === 'TEXTAREA' ? c.value : c.value.trim();
    if (v !== '') out[c.name] = v;
  }
  return out;
}

/** A labelled control in a `.field` div: `kind` input (with `attrs`), select (`options`) or textarea. */
export function field(label, name, { kind = 'input', attrs = {}, options = null, value = '' } = {}, idPrefix = 'f') {
  const id = `${idPrefix}-${name}`;
  let control;
  if (kind === 'select') {
    control = el('select', { id, name, ...attrs }, (options || []).map((o) => {
      const [v, text] = Array.isArray(o) ? o : [o, o];
      return el('option', { value: v, text });
    }));
    control.value = value ?? '';
  } else if (kind === 'textarea') {
    control = el('textarea', { id, name, rows: 3, ...attrs });
    control.value = value ?? '';
  } else {
    control = el('input', { id, name, ...attrs });
    control.value = value ?? '';
  }
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), control);
}
