import { shell, connectGrid, api, t, te, number, dateTime, escape } from './app.js';

const code = new URLSearchParams(location.search).get('code') ?? '';
const bedStates = ['Available', 'Held', 'Occupied', 'Closed', 'Reserve'];
let detail = null;
let reloading = null;

await shell('');
document.title = `Beddengrid · ${code}`;
connectGrid({
  onConnected: async hub => { await hub.invoke('WatchLocation', code); await reload(); },
  onLocation: summary => { if (summary.profile.code === code) reload(); },
});
document.addEventListener('languagechange', render);
setInterval(renderCountdowns, 1000);

/** Beds change in bursts; one reload at a time, and one more if something changed meanwhile. */
async function reload() {
  if (reloading) { reloading.again = true; return; }
  reloading = { again: false };
  try {
    detail = await api(`/api/locations/${encodeURIComponent(code)}`);
    render();
  } finally {
    const again = reloading.again;
    reloading = null;
    if (again) reload();
  }
}

function render() {
  if (!detail) return;
  const { summary, beds } = detail;
  const p = summary.profile;
  document.getElementById('head').innerHTML = `
    <h1>${escape(p.name)} <span class="code">${escape(p.code)}</span> <span class="pill lifecycle-${summary.lifecycle}" data-testid="lifecycle">${te(summary.lifecycle)}</span></h1>
    <div class="facts">
      <span>${te(p.kind)}</span><span>${escape(p.municipality)}, ${escape(p.province)}</span>
      <span>${t('location.contract')} ${p.contractEnd ?? t('location.openEnded')}</span>
      ${p.restrictions !== 'None' ? `<span class="pill warn">${escape(p.restrictions)}</span>` : ''}
    </div>`;
  document.getElementById('counts').innerHTML = [
    ['freeUsable', 'beds.freeUsable', summary.freeUsable], ['held', 'beds.held', summary.beds.held], ['occupied', 'beds.occupied', summary.beds.occupied],
    ['closed', 'beds.closed', summary.beds.closed], ['reserve', 'beds.reserve', summary.beds.reserve], ['nominal', 'beds.nominal', summary.beds.nominal],
  ].map(([state, key, value]) => `<div class="tile state-${state}" data-testid="location-${state}"><div class="tile-label">${t(key)}</div><div class="tile-value">${number(value)}</div></div>`).join('');
  document.getElementById('legend').innerHTML = bedStates.map(s => `<span class="bed bed-${s}"></span>${te(s)}`).join(' ');
  const units = Map.groupBy(beds, b => b.definition.unit);
  document.getElementById('units').innerHTML = [...units].map(([unit, unitBeds]) => `
    <div class="unit"><h3>${escape(unit)}</h3><div class="rooms">
      ${[...Map.groupBy(unitBeds, b => b.definition.room)].map(([room, roomBeds]) => `
        <div class="room"><div class="room-name">${escape(room)} <small>${te(roomBeds[0].definition.group)}</small></div>
          <div class="beds">${roomBeds.map(bedCell).join('')}</div></div>`).join('')}
    </div></div>`).join('');
  renderCountdowns();
}

function bedCell(bed) {
  const notes = [bed.definition.bedId, te(bed.status)];
  let mark = '';
  if (bed.hold) {
    notes.push(`${t('location.holdUntil')} ${dateTime(bed.hold.expiresAt)}`);
    mark = `<span class="countdown" data-expires="${bed.hold.expiresAt}"></span>`;
  }
  if (bed.closure) {
    notes.push(`${t('location.closedBecause')}: ${te(bed.closure.reason)}`);
    if (bed.closure.expectedReopening) notes.push(`${t('location.reopens')} ${bed.closure.expectedReopening}`);
    mark = `<span class="reason">${escape(te(bed.closure.reason))}</span>`;
  }
  return `<div class="bed bed-${bed.status}" data-bed="${escape(bed.definition.bedId)}" data-status="${bed.status}" title="${escape(notes.join(' · '))}">${mark}</div>`;
}

function renderCountdowns() {
  for (const element of document.querySelectorAll('.countdown')) {
    const left = Math.max(0, new Date(element.dataset.expires) - Date.now());
    element.textContent = `${Math.floor(left / 3_600_000)}:${String(Math.floor(left / 60_000) % 60).padStart(2, '0')}`;
  }
}
