/** The sign-in / create-account dialog and the header's sign-in and sign-out buttons. */
import { ApiError, signIn, signOut } from './api';
import { announce, byId } from './dom';
import { state } from './state';

const authDialog = byId<HTMLDialogElement>('auth-dialog');
const authForm = byId<HTMLFormElement>('auth-form');
const authError = byId('auth-error');
const authSubmit = byId<HTMLButtonElement>('auth-submit');
const password = byId<HTMLInputElement>('auth-password');

function authMode(): 'login' | 'register' {
  return (authForm.elements.namedItem('mode') as RadioNodeList).value === 'register' ? 'register' : 'login';
}
function syncAuthMode(): void {
  const reg = authMode() === 'register';
  byId('auth-heading').textContent = reg ? 'Create an account' : 'Sign in';
  authSubmit.textContent = reg ? 'Create account' : 'Sign in';
  byId('auth-name-field').hidden = !reg;
  password.autocomplete = reg ? 'new-password' : 'current-password';
}
export function openAuth(): void {
  state.authReturnFocus = document.activeElement as HTMLElement | null;
  authError.textContent = '';
  // Opens on "Sign in" each time; "Create an account" is one choice away.
  authForm.querySelector<HTMLInputElement>('input[name="mode"][value="login"]')!.checked = true;
  syncAuthMode();
  authDialog.showModal();
  byId<HTMLInputElement>('auth-email').focus();
}
/** Wires the sign-in dialog and the header's sign-in and sign-out buttons. */
export function setupAuthDialog(): void {
  authForm.addEventListener('change', syncAuthMode);
  byId('auth-cancel').addEventListener('click', () => authDialog.close());
  authDialog.addEventListener('close', () => state.authReturnFocus?.focus());
  authForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(authForm);
    const email = String(data.get('email') ?? '').trim();
    const pw = String(data.get('password') ?? '');
    const displayName = String(data.get('displayName') ?? '').trim();
    if (!email || !pw) {
      authError.textContent = 'Enter your email and password.';
      return;
    }
    authSubmit.disabled = true;
    authError.textContent = '';
    try {
      const mode = authMode();
      const u = await signIn(mode, { email, password: pw, ...(mode === 'register' && displayName ? { displayName } : {}) });
      password.value = '';
      state.authReturnFocus = byId('signout-button');
      authDialog.close();
      announce(`Signed in as ${u.displayName ?? u.email}`);
    } catch (err) {
      authError.textContent = err instanceof ApiError ? err.message : 'Could not reach the service.';
    } finally {
      authSubmit.disabled = false;
    }
  });
  byId('signin-button').addEventListener('click', openAuth);
  byId('signout-button').addEventListener('click', async () => {
    await signOut();
    announce('Signed out');
    byId('signin-button').focus();
  });
}
