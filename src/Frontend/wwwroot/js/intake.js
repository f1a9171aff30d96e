import { shell, connectGrid, api, showProblem, t, te, escape, dateTime } from './app.js';

const options = {
  ageBand: ['Adult', 'Child', 'Teen', 'Senior'],
  sex: ['Male', 'Female', 'X'],
  relation: ['Head', 'Partner', 'Child', 'Sibling', 'Other'],
  phase: ['JustRegistered', 'RestAndPreparation', 'GeneralProcedure', 'ExtendedProcedure', 'PermitHolder', 'Rejected'],
  priority: ['Normal', 'High'],
};
const select = (name, values, selected) =>
  `<select name="${name}">${values.map(v => `<option value="${v}" ${v === selected ? 'selected' : ''} data-i18n-enum="${name}.${v}">${te(`${name}.${v}`)}</option>`).join('')}</select>`;

let placement = null;

await shell('intake.html');
connectGrid();
const form = document.getElementById('request');
document.getElementById('phase').innerHTML = options.phase.map(v => `<option value="${v}" data-i18n-enum="${name}.${v}">${te(`${name}.${v}`)}</option>`).join('');
document.getElementById('priority').innerHTML = options.priority.map(v => `<option value="${v}" data-i18n-enum="${name}.${v}">${te(`${name}.${v}`)}</option>`).join('');
document.getElementById('add-member').onclick = () => addMember(document.querySelectorAll('.member').length === 0 ? 'Head' : 'Child');
addMember('Head');
form.addEventListener('submit', submit);
document.addEventListener('languagechange', renderOutcome);
setInterval(renderCountdown, 1000);

function addMember(relation) {
  const row = document.createElement('div');
  row.className = 'member row';
  row.innerHTML = `${select('ageBand', options.ageBand, relation === 'Child' ? 'Child' : 'Adult')}${select('sex', options.sex, 'Male')}${select('relation', options.relation, relation)}
    <button type="button" class="ghost small remove" aria-label="remove">×</button>`;
  row.querySelector('.remove').onclick = () => row.remove();
  document.getElementById('members').append(row);
}

async function submit(event) {
  event.preventDefault();
  const problem = document.getElementById('request-problem');
  problem.hidden = true;
  const body = {
    placementId: crypto.randomUUID(),
    caseReference: form.caseReference.value.trim(),
    household: [...document.querySelectorAll('.member')].map(row => ({
      ageBand: row.querySelector('[name=ageBand]').value, sex: row.querySelector('[name=sex]').value, relation: row.querySelector('[name=relation]').value,
    })),
    needs: [...form.querySelectorAll('[name=needs]:checked')].map(box => box.value),
    phase: form.phase.value,
    priority: form.priority.value,
    linkedMunicipality: form.linkedMunicipality.value.trim() || null,
  };
  try {
    placement = await api('/api/placements', { method: 'POST', body });
    renderOutcome();
  } catch (error) {
    showProblem(problem, error);
  }
}

async function act(action) {
  try {
    placement = await api(`/api/placements/${encodeURIComponent(placement.placementId)}/${action}`, { method: 'POST' });
    renderOutcome();
  } catch (error) {
    showProblem(document.getElementById('outcome-problem'), error);
  }
}

function renderOutcome() {
  const outcome = document.getElementById('outcome');
  if (!placement) return;
  outcome.hidden = false;
  outcome.dataset.status = placement.status;
  const head = `<h2 data-testid="outcome-status">${t(`intake.${placement.status.toLowerCase()}`)}</h2>
    <p class="muted">${escape(placement.caseReference)} · ${placement.householdSize} pers.</p>`;
  const where = placement.locationCode ? `<dl>
      <dt>${t('intake.at')}</dt><dd><a href="location.html?code=${encodeURIComponent(placement.locationCode)}" data-testid="outcome-location">${escape(placement.locationCode)}</a></dd>
      <dt>${t('intake.beds')}</dt><dd data-testid="outcome-beds">${placement.bedIds.map(escape).join(', ')}</dd></dl>` : '';
  const body = {
    Held: `${where}<div class="countdown-box"><span>${t('intake.expiresIn')}</span><span id="countdown" data-testid="countdown" data-expires="${placement.expiresAt}"></span>
        <small>${dateTime(placement.expiresAt)}</small></div>
      <div class="row"><button id="confirm" data-i18n="intake.confirm"></button><button id="cancel" class="ghost" data-i18n="intake.cancel"></button></div>`,
    Waiting: `<dl><dt>${t('intake.position')}</dt><dd data-testid="queue-position">${placement.queuePosition ?? '–'}</dd>
      <dt>${t('intake.reason')}</dt><dd>${escape(placement.waitingReason)}</dd></dl>
      <div class="row"><button id="cancel" class="ghost" data-i18n="intake.cancel"></button></div>`,
  }[placement.status] ?? where;
  outcome.innerHTML = `${head}${body}<div id="outcome-problem" hidden></div>
    <button id="again" class="ghost small" data-i18n="intake.newRequest"></button>`;
  outcome.querySelector('#confirm')?.addEventListener('click', () => act('confirm'));
  outcome.querySelector('#cancel')?.addEventListener('click', () => act('cancel'));
  outcome.querySelector('#again').onclick = () => { placement = null; outcome.hidden = true; form.reset(); };
  for (const element of outcome.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  renderCountdown();
}

function renderCountdown() {
  const element = document.getElementById('countdown');
  if (!element) return;
  const left = Math.max(0, new Date(element.dataset.expires) - Date.now());
  const seconds = Math.floor(left / 1000);
  element.textContent = `${Math.floor(seconds / 3600)}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
