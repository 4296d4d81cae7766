// Types `exports` from "cloudflare:workers" (used by the Worker tests) after the main module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./index');
  }
}
