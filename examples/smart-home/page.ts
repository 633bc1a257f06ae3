/**
 * The dashboard's HTML and CSS: a status bar, the rooms with their devices, the device sessions,
 * a scene, the firmware update and the activity log. dashboard.ts brings it to life.
 */

/** What the page needs to connect: the router (empty `url`: this page's own `/ws`) and its credentials. */
export interface PageConfig {
  readonly url: string;
  readonly realm: string;
  readonly authid?: string;
  readonly ticket?: string;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const css = `
  * { box-sizing: border-box; }
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #1f2937; }
  header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #1f2937; color: #fff; }
  header h1 { font-size: 1.1rem; margin: 0; flex: 1; }
  #status { padding: .15rem .6rem; border-radius: 99px; background: #6b7280; }
  #status[data-state="established"] { background: #15803d; }
  #status[data-state="reconnecting"], #status[data-state="connecting"] { background: #b45309; }
  #status[data-state="closed"] { background: #b91c1c; }
  #stale-note { color: #fcd34d; }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; padding: 1rem 1.2rem; }
  section { background: #fff; border-radius: 10px; padding: .8rem 1rem; box-shadow: 0 1px 2px #0002; }
  section h2 { font-size: 1rem; margin: 0 0 .5rem; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; display: contents; }
  fieldset:disabled button, fieldset:disabled input { opacity: .45; cursor: not-allowed; }
  .value[data-stale] { color: #9ca3af; font-style: italic; }
  .value[data-stale]::after { content: " (stale)"; font-size: .8em; }
  .on { color: #b45309; font-weight: bold; } .off { color: #6b7280; }
  .row { display: flex; gap: .5rem; align-items: center; margin: .3rem 0; flex-wrap: wrap; }
  .row > .label { flex: 1; }
  table { width: 100%; border-collapse: collapse; font-size: .9rem; }
  td, th { text-align: left; padding: .2rem .3rem; border-bottom: 1px solid #e5e7eb; }
  td[data-status="established"] { color: #15803d; } td[data-status="reconnecting"] { color: #b45309; }
  td[data-status="closed"] { color: #b91c1c; }
  progress { width: 100%; }
  #chart { width: 100%; height: 9rem; background: #f9fafb; border-radius: 6px; }
  #chart .temp { fill: none; stroke: #dc2626; stroke-width: 2; } #chart .sp { stroke: #2563eb; stroke-dasharray: 4 3; }
  #chart text { font-size: 10px; fill: #6b7280; }
  #scene-steps { margin: .3rem 0; padding-left: 1.2rem; }
  #log { list-style: none; margin: 0; padding: 0; max-height: 16rem; overflow: auto; font-size: .85rem; }
  #log li { padding: .15rem 0; border-bottom: 1px solid #f3f4f6; }
  #log li time { color: #6b7280; margin-right: .4rem; }
  #log li[data-kind="error"] { color: #b91c1c; } #log li[data-kind="connection"] { color: #92400e; }
  .wide { grid-column: 1 / -1; }
`;

/** The page, with the connection settings in `data-` attributes. */
export function page(config: PageConfig): string {
  const data = Object.entries(config)
    .map(([k, v]) => `data-${k}="${escape(String(v ?? ''))}"`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>wampkit smart home</title><style>${css}</style></head>
<body><div id="app" ${data}>
<header><h1>Smart home</h1><span id="stale-note" hidden>showing last known state</span>
  <span>Router: <span id="status" data-state="connecting">connecting…</span></span></header>
<fieldset id="controls" disabled>
<main>
  <section id="room-kitchen"><h2>Kitchen</h2>
    <div class="row"><span class="label">Lamp</span><span id="lamp-kitchen" class="value">unknown</span> <button id="toggle-kitchen">Toggle</button></div></section>
  <section id="room-hall"><h2>Hall</h2>
    <div class="row"><span class="label">Lamp</span><span id="lamp-hall" class="value">unknown</span> <button id="toggle-hall">Toggle</button></div>
    <div class="row"><span class="label">Power plug</span><span id="plug-hall" class="value">unknown</span>
      <button id="unplug-hall">Unplug</button> <button id="plug-hall-in">Plug in</button></div></section>
  <section id="room-living"><h2>Living room</h2>
    <div class="row"><span class="label">Temperature</span><span id="temperature" class="value">waiting for the thermostat…</span></div>
    <div class="row"><span class="label">Set-point</span><span id="set-point" class="value">unknown</span></div>
    <div class="row"><label for="set-point-input">New set-point (°C)</label>
      <input id="set-point-input" type="number" step="0.5" value="21" style="width:5rem"> <button id="set-point-apply">Set</button></div>
    <svg id="chart" role="img" aria-label="Temperature chart" viewBox="0 0 300 100" preserveAspectRatio="none"></svg>
    <small>Temperature (red) and set-point (blue) over the last <span id="chart-window">2 minutes</span>.</small></section>
  <section id="scene"><h2>Scene: evening</h2>
    <p>Kitchen and hall lamps on, thermostat to 22 °C: three calls, reported step by step.</p>
    <button id="scene-run">Run scene</button> <span id="scene-status"></span><ol id="scene-steps"></ol></section>
  <section id="firmware"><h2>Firmware</h2><progress id="progress" max="100" value="0"></progress>
    <div class="row"><button id="update">Update firmware</button> <button id="cancel" disabled>Cancel</button> <span id="update-status"></span></div></section>
  <section id="devices"><h2>Device sessions</h2>
    <table><thead><tr><th>Device</th><th>Room</th><th>Serializer</th><th>Session</th></tr></thead><tbody id="device-rows"></tbody></table></section>
  <section class="wide"><h2>Activity</h2><ol id="log" aria-live="polite"></ol></section>
</main></fieldset>
</div><script type="module" src="/dashboard.js"></script></body></html>`;
}
