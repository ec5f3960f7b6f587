'use strict';
// The process that runs one plugin version. The host starts it under Node's permission model
// (read access to the plugin directory and this file only; no writes, child processes, workers or
// addons) with an empty environment. Plain JavaScript, so that it needs no TypeScript loader and
// nothing outside this file.
//
// The plugin bundle runs in a vm context that holds only what the bootstrap below defines there.
// Everything crossing between this realm and the context is a string: a host object handed to the
// plugin would give it this realm's Function constructor, and through it `process`.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const pluginDir = process.argv[2];

function send(message) {
  if (process.connected) process.send(message);
}

function errorText(error) {
  try {
    if (error && typeof error.message === 'string') return error.message;
    return String(error);
  } catch {
    return 'unprintable error';
  }
}

// Node 20's permission model does not cover the network. Plugin code never sees these modules,
// but if it ever escaped the vm context into this realm it must not find a socket either; with the
// permission model on, process.binding() is refused, so these are the only ways to a socket.
function cutNetwork() {
  const refuse = (what) =>
    function () {
      throw new Error(
        `the plugin sandbox has no network access (${what}); fetch goes through the host`,
      );
    };
  const net = require('node:net');
  net.Socket.prototype.connect = refuse('net.Socket.connect');
  net.Server.prototype.listen = refuse('net.Server.listen');
  const dgram = require('node:dgram');
  for (const method of ['bind', 'send', 'connect'])
    dgram.Socket.prototype[method] = refuse(`dgram.${method}`);
  const dns = require('node:dns');
  for (const target of [
    dns,
    dns.promises,
    dns.Resolver.prototype,
    dns.promises.Resolver.prototype,
  ]) {
    for (const key of Object.keys(target)) {
      if (key === 'lookup' || key.startsWith('resolve') || key === 'reverse')
        target[key] = refuse(`dns.${key}`);
    }
  }
  globalThis.fetch = refuse('fetch');
}

// Canonical JSON (sorted keys), so that two manifests compare equal whatever their key order.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Runs inside the context. It receives the bridge (functions of this realm taking and returning
// strings only) once, keeps it in its closure and never puts it on the global object.
const BOOTSTRAP = `(function (bridge, pluginId) {
  'use strict';
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const post = (message) => bridge.send(stringify(message));
  const describe = (error) => {
    try {
      if (error && typeof error.message === 'string') return error.message;
      return String(error);
    } catch (_) {
      return 'unprintable error';
    }
  };
  const g = globalThis;

  const format = (value) => {
    if (typeof value === 'string') return value;
    try {
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch (_) {
      return String(value);
    }
  };
  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    console[level] = (...args) => post({ type: 'log', level, text: args.map(format).join(' ') });
  }
  g.console = console;

  let nextTimer = 1;
  const timers = new Map();
  const arm = (repeat) => (fn, ms, ...args) => {
    const id = nextTimer++;
    const delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { fn, args, delay, repeat });
    bridge.setTimer(id, delay);
    return id;
  };
  const disarm = (id) => {
    if (timers.delete(id)) bridge.clearTimer(id);
  };
  g.setTimeout = arm(false);
  g.setInterval = arm(true);
  g.clearTimeout = disarm;
  g.clearInterval = disarm;
  g.queueMicrotask = (fn) => {
    Promise.resolve().then(fn);
  };

  g.require = (name) => {
    const message = 'plugin ' + pluginId + ' may not load "' + String(name) + '"';
    post({ type: 'refused', message });
    throw new Error(message);
  };

  let nextFetch = 1;
  const fetches = new Map();
  const responseOf = (r) => {
    const headers = new Map(r.headers);
    return {
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      statusText: r.statusText,
      url: r.url,
      headers: {
        get: (name) => (headers.has(String(name).toLowerCase()) ? headers.get(String(name).toLowerCase()) : null),
        has: (name) => headers.has(String(name).toLowerCase()),
        entries: () => headers.entries(),
      },
      text: async () => r.body,
      json: async () => parse(r.body),
    };
  };
  g.fetch = (input, init) => {
    const id = nextFetch++;
    const options = init || {};
    let headers = {};
    if (options.headers) {
      for (const [k, v] of Object.entries(options.headers)) headers[String(k)] = String(v);
    }
    return new Promise((resolve, reject) => {
      fetches.set(id, { resolve, reject });
      post({
        type: 'fetch',
        id,
        url: String(input && typeof input === 'object' && 'url' in input ? input.url : input),
        method: String(options.method || 'GET').toUpperCase(),
        headers,
        body: options.body === undefined || options.body === null ? undefined : String(options.body),
      });
    });
  };

  let definition;
  const find = (list, name, what) => {
    const item = (Array.isArray(list) ? list : []).find((entry) => entry && entry.name === name);
    if (!item) throw new Error('plugin ' + pluginId + ' has no ' + what + ' named ' + name);
    return item;
  };
  const run = async (call) => {
    switch (call.op) {
      case 'hook': {
        const hook = definition.hooks && definition.hooks[call.hook];
        return typeof hook === 'function' ? await hook(call.input, call.ctx) : undefined;
      }
      case 'tool':
        return await find(definition.tools, call.name, 'tool').handler(call.input, call.ctx);
      case 'cases':
        return await find(definition.evaluators, call.name, 'evaluator').cases(call.ctx);
      case 'score':
        return await find(definition.evaluators, call.name, 'evaluator').score(call.input.evalCase, call.input.output, call.ctx);
      default:
        throw new Error('unknown call ' + String(call.op));
    }
  };
  const reply = (id, ok, value) => {
    if (!ok) return post({ type: 'result', id, ok: false, message: describe(value) });
    let json;
    try {
      json = stringify(value === undefined ? null : value);
    } catch (error) {
      return post({ type: 'result', id, ok: false, invalid: true, message: 'result is not JSON: ' + describe(error) });
    }
    post({ type: 'result', id, ok: true, json });
  };

  const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  return {
    load(factory) {
      const module = { exports: {} };
      factory(module, module.exports, g.require);
      const exported = module.exports;
      definition = exported && exported.default && exported.default.manifest ? exported.default : exported;
      if (!definition || typeof definition !== 'object') throw new Error('plugin.js exports no definition');
      const hooks = {};
      if (definition.hooks && typeof definition.hooks === 'object') {
        for (const name of Object.keys(definition.hooks)) hooks[name] = typeOf(definition.hooks[name]);
      }
      const tools = (Array.isArray(definition.tools) ? definition.tools : []).map((t) => ({
        name: t && t.name,
        description: t && t.description,
        parameters: t && t.parameters,
        handler: typeOf(t && t.handler),
      }));
      const evaluators = (Array.isArray(definition.evaluators) ? definition.evaluators : []).map((e) => ({
        name: e && e.name,
        description: e && e.description,
        cases: typeOf(e && e.cases),
        score: typeOf(e && e.score),
      }));
      return stringify({ manifest: definition.manifest, hooks, tools, evaluators });
    },
    receive(json) {
      const message = parse(json);
      if (message.type === 'call') {
        let settled;
        try {
          settled = Promise.resolve(run(message));
        } catch (error) {
          settled = Promise.reject(error);
        }
        settled.then(
          (value) => reply(message.id, true, value),
          (error) => reply(message.id, false, error),
        );
      } else if (message.type === 'timer') {
        const timer = timers.get(message.id);
        if (!timer) return;
        if (timer.repeat) bridge.setTimer(message.id, timer.delay);
        else timers.delete(message.id);
        try {
          timer.fn(...timer.args);
        } catch (error) {
          post({ type: 'log', level: 'error', text: 'timer callback threw: ' + describe(error) });
        }
      } else if (message.type === 'fetch-result') {
        const pending = fetches.get(message.id);
        if (!pending) return;
        fetches.delete(message.id);
        if (message.ok) pending.resolve(responseOf(message));
        else pending.reject(new Error(message.message));
      }
    },
  };
})`;

function start() {
  const manifestPath = path.join(pluginDir, 'alloy-plugin.json');
  const declared = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const { main = 'plugin.js', sha256, ...manifest } = declared;
  const bundlePath = path.resolve(pluginDir, main);
  if (path.dirname(bundlePath) !== path.resolve(pluginDir)) {
    return send({
      type: 'load-failed',
      kind: 'invalid',
      message: `main ${main} is not a file of the plugin directory`,
    });
  }
  const source = fs.readFileSync(bundlePath);
  const digest = crypto.createHash('sha256').update(source).digest('hex');
  if (digest !== sha256) {
    return send({
      type: 'load-failed',
      kind: 'invalid',
      message: `${main} does not match the sha256 of alloy-plugin.json (${digest} != ${String(sha256)})`,
    });
  }

  cutNetwork();

  const timers = new Map();
  let receive;
  const bridge = {
    send(json) {
      try {
        const message = JSON.parse(String(json));
        if (message && message.type === 'refused')
          send({ type: 'refused', message: String(message.message) });
        else send(message);
      } catch {
        // A message the runtime cannot read is dropped; the call it belonged to times out.
      }
    },
    setTimer(id, ms) {
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          receive(JSON.stringify({ type: 'timer', id }));
        }, ms),
      );
    },
    clearTimer(id) {
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
  };

  const context = vm.createContext(
    {},
    { name: `plugin:${manifest.id}`, codeGeneration: { strings: false, wasm: false } },
  );
  const bootstrap = new vm.Script(BOOTSTRAP, {
    filename: 'alloy-sandbox-bootstrap.js',
  }).runInContext(context);
  const runtime = bootstrap(bridge, String(manifest.id));
  receive = runtime.receive;
  const factory = vm.compileFunction(source.toString('utf8'), ['module', 'exports', 'require'], {
    parsingContext: context,
    filename: bundlePath,
  });

  let described;
  try {
    described = JSON.parse(runtime.load(factory));
  } catch (error) {
    return send({
      type: 'load-failed',
      kind: 'threw',
      message: `loading plugin.js threw: ${errorText(error)}`,
    });
  }
  if (canonical(described.manifest) !== canonical(manifest)) {
    return send({
      type: 'load-failed',
      kind: 'invalid',
      message: 'the manifest inside plugin.js differs from alloy-plugin.json',
    });
  }

  process.on('message', (message) => {
    receive(JSON.stringify(message));
  });
  send({ type: 'ready', description: described });
}

// A plugin's stray rejection or timer error is its own problem; the sandbox keeps serving.
process.on('unhandledRejection', (reason) => {
  send({ type: 'log', level: 'error', text: `unhandled rejection: ${errorText(reason)}` });
});
process.on('uncaughtException', (error) => {
  send({ type: 'log', level: 'error', text: `uncaught exception: ${errorText(error)}` });
});
process.on('disconnect', () => process.exit(0));

try {
  start();
} catch (error) {
  send({ type: 'load-failed', kind: 'crashed', message: errorText(error) });
}
