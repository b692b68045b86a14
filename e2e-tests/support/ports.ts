/**
 * Where the e2e portal and its helpers listen. Fixed defaults that a developer's own portal
 * (3000/7007) does not use; override with E2E_APP_PORT, E2E_BACKEND_PORT, E2E_CONTROL_PORT.
 * Read by the Playwright config, the journeys and the server launcher alike.
 */
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name} must be a TCP port, not '${process.env[name]}'`);
  }
  return value;
};

export const appPort = port('E2E_APP_PORT', 3107);
export const backendPort = port('E2E_BACKEND_PORT', 7107);
export const controlPort = port('E2E_CONTROL_PORT', 7199);

/** The app (frontend dev server), as the browser opens it. */
export const appUrl = `http://localhost:${appPort}`;
/** The backend; the app calls it cross-origin, as with `yarn start`. */
export const backendUrl = `http://localhost:${backendPort}`;
/** The launcher's control API over the fakes (see servers/start.ts). */
export const controlUrl = `http://127.0.0.1:${controlPort}`;
