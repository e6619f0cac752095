// The HTML report's filter bars and the one inline script behind them. Every filterable section (findings,
// secrets, misconfigurations, licences) gets the same bar: a text search, a severity select, and the selects
// that fit the kind (layer, rule, licence class). A control with data-key="k" keeps the rows whose data-k equals
// its value; 'q' searches the row's text; a checkbox keeps rows whose data-k is '1'. Groups (.group: a licence
// class) with nothing left are hidden, and folded ones that match open while a filter is on.
import { SEVERITY_LEVELS } from '../../policy/severity.js';
import { esc } from './escape.js';

export interface FilterSelect {
  key: string;
  label: string;
  /** [value, text] pairs; 'all' (the empty value) comes first on its own. */
  options: readonly (readonly [string, string])[];
}

export interface FilterCheckbox { key: string; label: string; checkbox: true }

export type FilterControl = FilterSelect | FilterCheckbox;

/** The severity select every bar starts with (rows carry data-sev). */
export const SEVERITY_FILTER: FilterSelect = { key: 'sev', label: 'Severity', options: SEVERITY_LEVELS.map((s) => [s, s] as const) };

/**
 * A filter bar for the rows under the element with id `scope` (controls get ids `${scope}-q`, `${scope}-<key>`,
 * and `${scope}-count` says how many rows show, as 'n of m <noun> shown').
 */
export function filterBar(scope: string, noun: string, placeholder: string, controls: readonly FilterControl[]): string {
  const id = (key: string) => esc(`${scope}-${key}`);
  const parts = [`<label>Search <input id="${id('q')}" data-key="q" type="search" placeholder="${esc(placeholder)}"></label>`];
  for (const c of controls) {
    if ('checkbox' in c) parts.push(`<label><input id="${id(c.key)}" data-key="${esc(c.key)}" type="checkbox"> ${esc(c.label)}</label>`);
    else {
      const options = c.options.map(([value, text]) => `<option value="${esc(value)}">${esc(text)}</option>`).join('');
      parts.push(`<label>${esc(c.label)} <select id="${id(c.key)}" data-key="${esc(c.key)}"><option value="">all</option>${options}</select></label>`);
    }
  }
  parts.push(`<span class="count" id="${id('count')}"></span>`);
  return `<div class="filters" data-scope="${esc(scope)}" data-noun="${esc(noun)}">${parts.join('\n')}</div>`;
}

/** Distinct [value, text] options in first-seen order. */
export function distinctOptions<T>(items: readonly T[], option: (x: T) => readonly [string, string] | undefined): [string, string][] {
  const seen = new Map<string, string>();
  for (const x of items) {
    const o = option(x);
    if (o && !seen.has(o[0])) seen.set(o[0], o[1]);
  }
  return [...seen];
}

// ES5, no external resources; its hash goes into the page's Content-Security-Policy.
export const FILTER_SCRIPT = `(function(){
function each(list,f){Array.prototype.forEach.call(list,f);}
function filters(bar){
var scope=document.getElementById(bar.dataset.scope);if(!scope)return;
var rows=Array.prototype.slice.call(scope.querySelectorAll('tbody tr'));
var controls=Array.prototype.slice.call(bar.querySelectorAll('[data-key]'));
var count=bar.querySelector('.count');
function keep(r,c){var k=c.dataset.key;if(c.type==='checkbox')return !c.checked||r.dataset[k]==='1';if(!c.value)return true;
if(k==='q')return r.textContent.toLowerCase().indexOf(c.value.toLowerCase())>=0;return r.dataset[k]===c.value;}
function apply(){var n=0;
rows.forEach(function(r){var ok=controls.every(function(c){return keep(r,c);});r.hidden=!ok;if(ok)n++;});
var active=controls.some(function(c){return c.type==='checkbox'?c.checked:!!c.value;});
each(scope.querySelectorAll('.group'),function(g){var any=!!g.querySelector('tbody tr:not([hidden])');g.hidden=!any;if(active&&any&&g.tagName==='DETAILS')g.open=true;});
count.textContent=n+' of '+rows.length+' '+bar.dataset.noun+' shown';}
controls.forEach(function(c){c.addEventListener('input',apply);c.addEventListener('change',apply);});
apply();}
each(document.querySelectorAll('.filters[data-scope]'),filters);
each(document.querySelectorAll('th.sortable'),function(th){var dir=1;th.addEventListener('click',function(){
var body=th.closest('table').tBodies[0],col=th.cellIndex,num=th.dataset.type==='num';dir=-dir;
var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=a.cells[col],y=b.cells[col];x=x.dataset.v!==undefined?x.dataset.v:x.textContent;y=y.dataset.v!==undefined?y.dataset.v:y.textContent;
if(num){x=parseFloat(x);y=parseFloat(y);}return (x<y?-1:x>y?1:0)*dir;});rows.forEach(function(r){body.appendChild(r);});});});
each(document.querySelectorAll('tr.layer'),function(tr){tr.addEventListener('click',function(){var s=document.getElementById('findings-layer');if(!s)return;
s.value=tr.dataset.layer;s.dispatchEvent(new Event('change'));document.getElementById('findings').scrollIntoView();});});
})();`;
