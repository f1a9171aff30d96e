// The shell every page shares: header and navigation, the API key, calls to the API, and the live hub connection.
import { t, te, translatePage, setLanguage, language } from './i18n.js';

export { t, te };

const keyStorage = 'beddengrid.key';
export const apiKey = () => localStorage.getItem(keyStorage);

const pages = [
  ['index.html', 'nav.dashboard'],
  ['intake.html', 'nav.intake'],
  ['desk.html', 'nav.desk'],
];

/** Renders the header and asks for an API key when there is none; resolves once the page may load data. */
export function shell(current) {
  const header = document.createElement('header');
  header.className = 'shell';
  header.innerHTML = `
    <a class="brand" href="index.html"><span class="brand-mark">▦</span> Beddengrid <small>COA</small></a>
    <nav>${pages.map(([href, key]) => `<a href="${href}" class="${href === current ? 'current' : ''}" data-i18n="${key}"></a>`).join('')}</nav>
    <div class="shell-right">
      <span id="connection" class="connection" data-state="connecting"><span class="dot"></span><span id="connection-text"></span></span>
      <button id="lang" class="ghost" title="Taal / Language"></button>
      <button id="signout" class="ghost" data-i18n="auth.signout"></button>
    </div>`;
  document.body.prepend(header);
  header.querySelector('#lang').onclick = () => setLanguage(language() === 'nl' ? 'en' : 'nl');
  header.querySelector('#signout').onclick = () => { localStorage.removeItem(keyStorage); location.reload(); };
  document.addEventListener('languagechange', renderLanguageButton);
  renderLanguageButton();
  translatePage();
  return apiKey() ? Promise.resolve() : askForKey();
}

function renderLanguageButton() {
  document.getElementById('lang').textContent = language() === 'nl' ? 'EN' : 'NL';
}

function askForKey() {
  const main = document.querySelector('main');
  main.hidden = true;
  const form = document.createElement('form');
  form.id = 'signin';
  form.className = 'card signin';
  form.innerHTML = `<p data-i18n="auth.needed"></p>
    <label><span data-i18n="auth.key"></span><input id="api-key" type="password" autocomplete="current-password" required></label>
    <button type="submit" data-i18n="auth.signin"></button>`;
  main.before(form);
  translatePage();
  return new Promise(resolve => form.addEventListener('submit', event => {
    event.preventDefault();
    localStorage.setItem(keyStorage, form.querySelector('#api-key').value.trim());
    form.remove();
    main.hidden = false;
    resolve();
  }));
}

/** A problem from the API, with its per-field errors. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.errors = problem?.errors ?? {};
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    headers: { 'X-Api-Key': apiKey() ?? '', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (response.status === 401) {
    localStorage.removeItem(keyStorage);
  }
  if (!response.ok) {
    throw new ApiProblem(response.status, payload);
  }
  return payload;
}

/** Shows a problem's field errors next to the form's inputs (name attribute = field) and in a summary. */
export function showProblem(target, error) {
  target.hidden = false;
  target.className = 'problem';
  const lines = Object.entries(error.errors ?? {}).map(([field, reasons]) => `<li><code>${escape(field)}</code> ${reasons.map(escape).join(' ')}</li>`);
  target.innerHTML = `<strong>${escape(error.message)}</strong>${lines.length ? `<ul>${lines.join('')}</ul>` : ''}`;
}

export const escape = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export const number = value => new Intl.NumberFormat(language() === 'nl' ? 'nl-NL' : 'en-GB').format(value);

export const percent = value => new Intl.NumberFormat(language() === 'nl' ? 'nl-NL' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(value);

export const dateTime = value => new Date(value).toLocaleString(language() === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

/**
 * The live picture. Calls onTotals with the newest totals whenever they change; keeps versions in order (a client
 * that sees a gap asks for a new snapshot), reconnects for ever after a drop, and re-joins its groups.
 */
export function connectGrid({ onTotals, onProvince, onLocation, onConnected } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/grid', { accessTokenFactory: () => apiKey() ?? '' })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => Math.min(500 * (context.previousRetryCount + 1), 3000) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const state = { version: -1, receivedAt: 0 };

  const accept = totals => {
    state.version = totals.version;
    state.receivedAt = Date.now();
    document.body.dataset.version = totals.version;
    onTotals?.(totals);
  };
  const resync = async () => accept(await connection.invoke('Snapshot'));

  connection.on('snapshot', accept);
  connection.on('update', update => {
    if (state.version < 0 || update.totals.version <= state.version) {
      return;
    }
    if (update.fromVersion > state.version) {
      resync();
      return;
    }
    accept(update.totals);
  });
  connection.on('province', update => onProvince?.(update));
  connection.on('location', summary => onLocation?.(summary));
  connection.onreconnecting(() => setConnection('reconnecting'));
  connection.onreconnected(async () => { setConnection('live'); await onConnected?.(connection); });
  connection.onclose(() => { setConnection('offline'); setTimeout(start, 1000); });

  async function start() {
    setConnection('connecting');
    try {
      await connection.start();
      setConnection('live');
      await onConnected?.(connection);
    } catch {
      setConnection('offline');
      setTimeout(start, 1000);
    }
  }

  setInterval(() => renderFreshness(state), 500);
  document.addEventListener('languagechange', () => renderFreshness(state));
  start();
  return connection;
}

function setConnection(value) {
  document.getElementById('connection').dataset.state = value;
  renderFreshness();
}

function renderFreshness(state) {
  const element = document.getElementById('connection');
  const text = document.getElementById('connection-text');
  const value = element.dataset.state;
  if (value !== 'live' || !state?.receivedAt) {
    text.textContent = t(`status.${value}`);
    return;
  }
  const seconds = Math.max(0, (Date.now() - state.receivedAt) / 1000);
  text.textContent = `${t('status.live')} · ${t('status.version')} ${state.version} · ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s ${t('status.ago')}`;
}
