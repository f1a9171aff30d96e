import { shell, connectGrid, t, te, number, percent, escape } from './app.js';

const states = [
  ['freeUsable', 'beds.freeUsable', totals => totals.freeUsable],
  ['held', 'beds.held', totals => totals.beds.held],
  ['occupied', 'beds.occupied', totals => totals.beds.occupied],
  ['closed', 'beds.closed', totals => totals.beds.closed],
  ['reserve', 'beds.reserve', totals => totals.beds.reserve],
];

let latest = null;
let watchedProvince = null;
const drillLocations = new Map();

await shell('index.html');
const connection = connectGrid({
  onTotals: totals => { latest = totals; render(); },
  onProvince: update => {
    if (update.province !== watchedProvince) return;
    for (const location of update.locations) drillLocations.set(location.profile.code, location);
    renderDrilldown();
  },
  onConnected: async hub => { if (watchedProvince) await watch(hub, watchedProvince); },
});
document.addEventListener('languagechange', () => { render(); renderDrilldown(); });
document.getElementById('drill-close').onclick = () => {
  connection.invoke('UnwatchProvince', watchedProvince);
  watchedProvince = null;
  document.getElementById('drilldown').hidden = true;
};

function render() {
  if (!latest) return;
  renderNational(latest.national);
  renderPressure(latest.pressure);
  renderAreas('by-kind', 'col.kind', Object.entries(latest.byKind).map(([kind, totals]) => ({ key: kind, label: te(kind), totals })));
  const shares = Object.fromEntries(latest.provinces.map(share => [share.area, share]));
  renderAreas('by-province', 'col.province',
    Object.entries(latest.byProvince).sort(([a], [b]) => a.localeCompare(b)).map(([name, totals]) => ({ key: name, label: name, totals, share: shares[name] })));
}

function renderNational(national) {
  document.getElementById('national').innerHTML = states.map(([state, key, value]) => `
    <div class="tile state-${state}" data-testid="national-${state}">
      <div class="tile-label">${t(key)}</div>
      <div class="tile-value">${number(value(national))}</div>
    </div>`).join('') + `
    <div class="tile state-nominal" data-testid="national-nominal">
      <div class="tile-label">${t('beds.nominal')}</div>
      <div class="tile-value">${number(national.beds.nominal)}</div>
      <div class="tile-sub">${number(national.locations)} ${t('beds.locations').toLowerCase()}</div>
    </div>`;
}

function renderPressure(p) {
  const terApel = p.registrationCentreOccupied / p.registrationCentreCap;
  const level = terApel >= 1 ? 'critical' : terApel >= 0.9 ? 'warning' : 'ok';
  document.getElementById('pressure').innerHTML = `
    <div class="signal signal-${level}" data-testid="ter-apel">
      <div class="signal-label">${t('pressure.terApel')}</div>
      <div class="signal-value">${number(p.registrationCentreOccupied)} <small>/ ${number(p.registrationCentreCap)}</small></div>
      <div class="bar"><span style="width:${Math.min(100, terApel * 100)}%"></span></div>
    </div>
    <div class="signal ${p.waiting.count > 0 ? 'signal-critical' : 'signal-ok'}" data-testid="waiting">
      <div class="signal-label">${t('pressure.waiting')}</div>
      <div class="signal-value">${number(p.waiting.count)} <small>${number(p.waiting.highPriority)} ${t('pressure.highPriority')}</small></div>
    </div>
    <div class="signal">
      <div class="signal-label">${t('pressure.contracts')}</div>
      <div class="triple">${[['days.30', p.contractsEndingWithin30Days], ['days.90', p.contractsEndingWithin90Days], ['days.365', p.contractsEndingWithin365Days]]
        .map(([key, value]) => `<div><b>${number(value)}</b><small>${t(key)}</small></div>`).join('')}</div>
    </div>
    <div class="signal">
      <div class="signal-label">${t('pressure.reserve')}</div>
      <div class="triple">${[['days.1', p.reserveWithin1Day], ['days.7', p.reserveWithin7Days], ['days.30', p.reserveWithin30Days]]
        .map(([key, value]) => `<div><b>${number(value)}</b><small>${t(key)}</small></div>`).join('')}</div>
    </div>
    <div class="signal"><div class="signal-label">${t('pressure.permitHolders')}</div><div class="signal-value">${number(p.permitHoldersInReception)}</div></div>
    <div class="signal"><div class="signal-label">${t('pressure.belowStandard')}</div><div class="signal-value">${percent(p.belowStandardShare)}</div></div>
    <div class="signal"><div class="signal-label">${t('pressure.moves')}</div><div class="signal-value">${p.movesPerResident.toFixed(2)}</div></div>`;
}

function renderAreas(id, labelKey, rows) {
  const table = document.getElementById(id);
  const withShare = rows.some(row => row.share);
  table.innerHTML = `<thead><tr><th>${t(labelKey)}</th><th class="num">${t('beds.locations')}</th>
      ${states.map(([state, key]) => `<th class="num state-${state}">${t(key)}</th>`).join('')}
      <th class="distribution">${withShare ? t('col.realised') : ''}</th></tr></thead>
    <tbody>${rows.map(row => `<tr data-key="${escape(row.key)}">
      <td>${escape(row.label)}</td><td class="num">${number(row.totals.locations)}</td>
      ${states.map(([state, , value]) => `<td class="num" data-state="${state}">${number(value(row.totals))}</td>`).join('')}
      <td>${row.share ? shareBar(row.share) : stateBar(row.totals)}</td></tr>`).join('')}</tbody>`;
  if (id === 'by-province') {
    for (const row of table.querySelectorAll('tbody tr')) row.onclick = () => watch(connection, row.dataset.key);
  }
}

function stateBar(totals) {
  const nominal = Math.max(1, totals.beds.nominal);
  const parts = [['occupied', totals.beds.occupied], ['held', totals.beds.held], ['available', totals.beds.available], ['closed', totals.beds.closed], ['reserve', totals.beds.reserve]];
  return `<div class="stack">${parts.map(([state, value]) => `<span class="fill-${state}" style="width:${(100 * value) / nominal}%"></span>`).join('')}</div>`;
}

function shareBar(share) {
  const ratio = share.assigned ? share.realised / share.assigned : 0;
  return `<div class="share ${ratio < 0.9 ? 'short' : ''}"><div class="bar"><span style="width:${Math.min(100, ratio * 100)}%"></span></div>
    <small>${number(share.realised)} / ${number(share.assigned)}</small></div>`;
}

async function watch(hub, province) {
  if (watchedProvince && watchedProvince !== province) await hub.invoke('UnwatchProvince', watchedProvince);
  watchedProvince = province;
  const update = await hub.invoke('WatchProvince', province);
  drillLocations.clear();
  for (const location of update.locations) drillLocations.set(location.profile.code, location);
  document.getElementById('drilldown').hidden = false;
  renderDrilldown();
}

function renderDrilldown() {
  if (!watchedProvince) return;
  document.getElementById('drill-name').textContent = watchedProvince;
  const rows = [...drillLocations.values()].sort((a, b) => a.profile.code.localeCompare(b.profile.code));
  const table = document.getElementById('drill-locations');
  table.innerHTML = `<thead><tr><th>${t('col.location')}</th><th>${t('col.kind')}</th><th>${t('col.municipality')}</th><th>${t('col.lifecycle')}</th>
      ${states.map(([state, key]) => `<th class="num state-${state}">${t(key)}</th>`).join('')}<th></th></tr></thead>
    <tbody>${rows.map(l => `<tr data-code="${escape(l.profile.code)}">
      <td><b>${escape(l.profile.code)}</b> ${escape(l.profile.name)}</td><td>${te(l.profile.kind)}</td><td>${escape(l.profile.municipality)}</td>
      <td><span class="pill lifecycle-${l.lifecycle}">${te(l.lifecycle)}</span></td>
      ${states.map(([state, , value]) => `<td class="num" data-state="${state}">${number(value(l))}</td>`).join('')}
      <td>${stateBar({ beds: l.beds })}</td></tr>`).join('')}</tbody>`;
  for (const row of table.querySelectorAll('tbody tr')) row.onclick = () => { location.href = `location.html?code=${encodeURIComponent(row.dataset.code)}`; };
}
