// Runs the Codex CLI (`@openai/codex`, a Rust binary behind a Node launcher) offline against a Responses API
// base URL, as ../shared/clients/codex.md describes: a fresh empty HOME, a CODEX_HOME holding only config.toml
// (plugins, analytics, feedback, update checks and history off; no approvals, no sandbox), a scratch working
// directory that is not a git repository, the provider's env_key set, stdin closed. Every run has a deadline:
// on expiry the whole process group (launcher and native binary) is killed, so a test can never hang.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CODEX_BIN = path.resolve(here, '../../node_modules/.bin/codex');
export const API_KEY_ENV = 'GATEWAY_API_KEY';

// config.toml: `extra` lines at the top level, `providerExtra` lines in the provider's table.
export function configToml({ baseURL, model = 'test-model', extra = [], providerExtra = [] }) {
  return [
    `model = ${JSON.stringify(model)}`,
    'model_provider = "gateway"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    'check_for_update_on_startup = false',
    'features.plugins = false',
    'analytics.enabled = false',
    'feedback.enabled = false',
    'history.persistence = "none"',
    ...extra,
    '',
    '[model_providers.gateway]',
    'name = "Gateway"',
    `base_url = ${JSON.stringify(baseURL)}`,
    `env_key = ${JSON.stringify(API_KEY_ENV)}`,
    'wire_api = "responses"',
    ...providerExtra,
    '',
  ].join('\n');
}

// makeCodexHome({ baseURL, model, extra, providerExtra }) → { root, home, codexHome, workDir, config,
// run(args, opts), cleanup() }. `run` reuses the same HOME, CODEX_HOME and working directory, so
// `exec resume --last` finds the thread.
export function makeCodexHome({ baseURL, model, extra = [], providerExtra = [] }) {
  const root = mkdtempSync(path.join(tmpdir(), 'gw-codex-'));
  const home = path.join(root, 'home');
  const codexHome = path.join(root, 'codex-home');
  const workDir = path.join(root, 'work');
  for (const dir of [home, codexHome, workDir]) mkdirSync(dir);
  const config = configToml({ baseURL, model, extra, providerExtra });
  writeFileSync(path.join(codexHome, 'config.toml'), config);
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    CODEX_HOME: codexHome,
    [API_KEY_ENV]: 'test-token',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
  };
  return {
    root,
    home,
    codexHome,
    workDir,
    config,
    run: (args, opts = {}) => runCodex(args, { cwd: workDir, env, ...opts }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

// runCodex(args) → { code, signal, stdout, stderr, ms, timedOut }. `args` follow `codex`, e.g.
// ['exec', '--skip-git-repo-check', 'prompt']. Never rejects; a run past `timeoutMs` is killed.
export function runCodex(args, { cwd, env, timeoutMs = 30_000 }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(CODEX_BIN, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: stderr + String(e), ms: Date.now() - started, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}
