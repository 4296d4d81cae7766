/** The sign-in / create-account dialog and the header's sign-in and sign-out buttons. */
import { signIn, signOut, forPeople } from './api';
import { announce, byId, h } from './dom';
import { navigate } from './navigation';
import { myPreferences } from './preferences';
import { state } from './state';

const authDialog = byId<HTMLDialogElement>('auth-dialog');
const authForm = byId<HTMLFormElement>('auth-form');
const authError = byId('auth-error');
const authSubmit = byId<HTMLButtonElement>('auth-submit');
const password = byId<HTMLInputElement>('auth-password');

function authMode(): 'login' | 'register' {
  return (authForm.elements.namedItem('mode') as RadioNodeList).value === 'register'
    ? 'register'
    : 'login';
}
function syncAuthMode(): void {
  const reg = authMode() === 'register';
  byId('auth-heading').textContent = reg ? 'Create an account' : 'Sign in';
  authSubmit.textContent = reg ? 'Create account' : 'Sign in';
  byId('auth-name-field').hidden = !reg;
  password.autocomplete = reg ? 'new-password' : 'current-password';
}
/** A note above the page inviting a new person to choose their region and services. */
function announceOnboarding(): void {
  const main = byId('main');
  main.querySelector('.onboarding')?.remove();
  const note = h(
    'p',
    { class: 'notice onboarding', role: 'status' },
    'Welcome! ',
    h('a', { href: '/me?welcome', 'data-link': true }, 'Choose your region and services'),
    ' so Marquee shows what you can watch.',
  );
  main.prepend(note);
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
    if (authMode() === 'register' && pw.length < 8) {
      authError.textContent = 'Choose a password of at least 8 characters.';
      return;
    }
    authSubmit.disabled = true;
    authError.textContent = '';
    try {
      const mode = authMode();
      const u = await signIn(mode, {
        email,
        password: pw,
        ...(mode === 'register' && displayName ? { displayName } : {}),
      });
      password.value = '';
      state.authReturnFocus = byId('signout-button');
      authDialog.close();
      announce(`Signed in as ${u.displayName ?? u.email}`);
      // First sign-in (no preferences saved yet): ask for region and services before anything else.
      const prefs = await myPreferences().catch(() => null);
      if (prefs && !prefs.updatedAt) {
        // From the home page, go straight there; elsewhere, do not take the person away from what they were doing.
        if (location.pathname === '/' && !location.search.includes('q=')) navigate('/me?welcome');
        else announceOnboarding();
      }
    } catch (err) {
      authError.textContent = forPeople(err);
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
