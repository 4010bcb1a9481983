// The sign-in form: name and password to `POST /api/session`; a wrong password or a
// too-many-attempts answer is shown at the form.

import * as api from '../api.js';
import { clearErrors, showError, values } from './forms.js';

/** Wires `form`; `onSignedIn()` runs once the session is open. */
export function initSignIn(form, ctx, onSignedIn) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const v = values(form);
    if (!v.name) return showError(form, { field: 'name', message: 'is required' });
    if (!form.password.value) return showError(form, { field: 'password', message: 'is required' });
    try {
      await api.signIn(v.name, form.password.value);
    } catch (err) {
      return showError(form, err.status === 401 ? { field: 'password', message: err.message } : err);
    }
    form.password.value = '';
    ctx.status('');
    await onSignedIn();
  });
}
