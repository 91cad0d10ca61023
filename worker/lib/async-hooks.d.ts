// The one Node API the Worker uses (workerd implements it under `nodejs_compat`); the Worker's type-check has no
// @types/node, so only what worker/lib/trace.ts needs is declared here.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
