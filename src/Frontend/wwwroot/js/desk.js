import { shell, connectGrid, api, showProblem, t, te, escape, dateTime, number } from './app.js';

const enums = {
  reason: ['Maintenance', 'Outbreak', 'Damage', 'StaffShortage'],
  lifecycle: ['Planned', 'Opening', 'Open', 'Closing', 'Closed'],
  phase: ['', 'JustRegistered', 'RestAndPreparation', 'GeneralProcedure', 'ExtendedProcedure', 'PermitHolder', 'Rejected'],
};
let waitingCount = -1;

await shell('desk.html');
for (const [name, values] of Object.entries(enums)) {
  for (const element of document.querySelectorAll(`select[name=${name}]`)) {
    element.innerHTML = values.map(v => `<option value="${v}" data-i18n-enum="${v}">${v ? te(v) : '—'}</option>`).join('');
  }
}
const codeInput = document.getElementById('code');
codeInput.value = new URLSearchParams(location.search).get('code') ?? '';
codeInput.addEventListener('change', showLocation);
connectGrid({
  onTotals: totals => {
    if (totals.pressure.waiting.count !== waitingCount) {
      waitingCount = totals.pressure.waiting.count;
      loadWaiting();
    }
  },
});
loadCodes();
showLocation();

for (const form of document.querySelectorAll('form[data-action]')) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    await run(form, `/api/desk/locations/${encodeURIComponent(codeInput.value.trim())}/${form.dataset.action}`, bodyOf(form));
  });
}
document.getElementById('transfer-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  await run(form, `/api/cases/${encodeURIComponent(form.caseReference.value.trim())}/transfer`, {
    placementId: crypto.randomUUID(),
    phase: form.phase.value || null,
    linkedMunicipality: form.linkedMunicipality.value.trim() || null,
  });
});

function bodyOf(form) {
  switch (form.dataset.action) {
    case 'closures':
    case 'reopenings': {
      const target = form.target.value.trim();
      const scope = form.scope.value;
      return {
        bedIds: scope === 'bedIds' ? target.split(',').map(id => id.trim()).filter(Boolean) : null,
        unit: scope === 'unit' ? target : null,
        whole: scope === 'whole',
        ...(form.dataset.action === 'closures' ? { reason: form.reason.value, expectedReopening: form.expectedReopening.value || null } : {}),
      };
    }
    case 'reserve/activations': return { count: Number(form.count.value) };
    case 'lifecycle': return { lifecycle: form.lifecycle.value };
    case 'contract-end': return { contractEnd: form.contractEnd.value || null };
  }
}

async function run(form, path, body) {
  const result = form.querySelector('.result');
  try {
    const answer = await api(path, { method: 'POST', body });
    result.hidden = false;
    result.className = 'result ok';
    result.dataset.testid = 'desk-result';
    result.innerHTML = describe(answer);
    showLocation();
  } catch (error) {
    showProblem(result, error);
  }
}

function describe(answer) {
  if ('changed' in answer) {
    // The grid names skipped beds by their status in lower case; show them as the status names the page uses.
    const skipped = Object.entries(answer.skipped).map(([status, count]) => `${count} ${escape(te(status[0].toUpperCase() + status.slice(1)).toLowerCase())}`).join(', ');
    return `✓ ${number(answer.changed)} ${t('desk.changed')}${skipped ? ` · ${t('desk.skipped')}: ${skipped}` : ''}`;
  }
  if ('placementId' in answer) {
    return `✓ ${te(answer.status)} ${escape(answer.locationCode ?? '')} ${answer.bedIds.map(escape).join(', ')}${answer.waitingReason ? ` · ${escape(answer.waitingReason)}` : ''}`;
  }
  return `✓ ${escape(answer.profile.code)}: ${te(answer.lifecycle)} · ${t('location.contract')} ${answer.profile.contractEnd ?? t('location.openEnded')}`;
}

async function loadCodes() {
  const list = await api('/api/locations');
  document.getElementById('codes').innerHTML = list.locations.map(l => `<option value="${escape(l.profile.code)}">${escape(l.profile.name)}</option>`).join('');
}

async function showLocation() {
  const code = codeInput.value.trim();
  document.getElementById('open-location').href = `location.html?code=${encodeURIComponent(code)}`;
  if (!code) return;
  try {
    const detail = await api(`/api/locations/${encodeURIComponent(code)}`);
    const s = detail.summary;
    const units = [...new Set(detail.beds.map(b => b.definition.unit))].join(', ');
    document.querySelector('#lifecycle-form [name=lifecycle]').value = s.lifecycle;
    document.getElementById('desk-summary').innerHTML = `<b>${escape(s.profile.name)}</b> · ${te(s.lifecycle)} · ${t('beds.freeUsable')} ${number(s.freeUsable)} ·
      ${t('beds.occupied')} ${number(s.beds.occupied)} · ${t('beds.closed')} ${number(s.beds.closed)} · ${t('beds.reserve')} ${number(s.beds.reserve)} · ${t('desk.unit')}: ${escape(units)}`;
  } catch (error) {
    document.getElementById('desk-summary').textContent = error.message;
  }
}

async function loadWaiting() {
  const page = await api('/api/waiting');
  const waiting = page.entries;
  document.getElementById('waiting-count').textContent = number(page.total);
  document.getElementById('waiting').innerHTML = waiting.length === 0 ? `<tbody><tr><td>${t('desk.none')}</td></tr></tbody>` :
    `<thead><tr><th>${t('col.position')}</th><th>${t('col.case')}</th><th class="num">${t('col.size')}</th><th>${t('col.group')}</th><th>${t('col.phase')}</th><th>${t('col.since')}</th><th>${t('col.reason')}</th></tr></thead>
    <tbody>${waiting.map(w => `<tr class="${w.priority === 'High' ? 'priority' : ''}"><td>${w.position}</td><td>${escape(w.caseReference)}</td><td class="num">${w.householdSize}</td>
      <td>${te(w.group)}</td><td>${te(w.phase)}</td><td>${dateTime(w.since)}</td><td>${escape(w.reason)}</td></tr>`).join('')}</tbody>
    ${page.total > waiting.length ? `<tfoot><tr><td colspan="7">${t('desk.firstOf')} ${number(page.total)}</td></tr></tfoot>` : ''}`;
}
