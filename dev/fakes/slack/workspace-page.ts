/**
 * The local Slack workspace page (served at `/` by the fake Slack when it runs as npm start's workspace): channels,
 * messages rendered from their Block Kit blocks as Slack shows them (sections with mrkdwn, fields and accessories,
 * context, dividers, headers, buttons with their styles and confirm dialogs), threads, ephemeral messages and the
 * modals the app opens with views.open. It polls the fake's control API; clicks and submits go to
 * `/__workspace/act`, where the fake signs the real interaction payload and sends it to the Worker. No framework,
 * no CDN: one page of plain DOM code.
 */
export const WORKSPACE_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Slack (local stand-in) · edge triage</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.46668 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1c1d; display: grid; grid-template-columns: 240px 1fr; height: 100vh; }
  nav { background: #3f0e40; color: #e8dde8; padding: 12px 0; overflow: auto; }
  nav h1 { font-size: 17px; margin: 0 16px 4px; color: #fff; }
  nav .standin { margin: 0 16px 14px; font-size: 12px; background: #ecb22e; color: #1d1c1d; border-radius: 4px; padding: 4px 6px; }
  nav .ch { display: block; width: 100%; text-align: left; background: none; border: 0; color: inherit; font: inherit; padding: 4px 16px; cursor: pointer; }
  nav .ch.active { background: #1164a3; color: #fff; }
  nav .ch .n { float: right; font-size: 12px; opacity: .8; }
  nav label { display: block; margin: 18px 16px 4px; font-size: 12px; opacity: .8; }
  nav select { margin: 0 16px; width: calc(100% - 32px); }
  main { display: flex; flex-direction: column; min-width: 0; }
  header { border-bottom: 1px solid #ddd; padding: 10px 20px; font-weight: 900; }
  header small { font-weight: 400; color: #616061; margin-left: 8px; }
  #log { flex: 1; overflow: auto; padding: 8px 0 24px; }
  .msg { display: grid; grid-template-columns: 36px 1fr; gap: 8px; padding: 8px 20px; }
  .msg:hover { background: #f8f8f8; }
  .avatar { width: 36px; height: 36px; border-radius: 4px; background: #2eb67d; color: #fff; font-weight: 700; display: grid; place-items: center; }
  .who { font-weight: 900; }
  .who .app { font-size: 10px; font-weight: 700; background: #ddd; color: #616061; border-radius: 2px; padding: 1px 3px; margin-left: 4px; }
  .who time { font-weight: 400; color: #616061; font-size: 12px; margin-left: 6px; }
  .edited { color: #616061; font-size: 12px; }
  .block { margin: 4px 0; }
  .section { display: flex; gap: 12px; align-items: flex-start; }
  .section .text { flex: 1; white-space: pre-wrap; word-wrap: break-word; }
  .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 6px; }
  .fields div { white-space: pre-wrap; }
  .context { color: #616061; font-size: 13px; display: flex; gap: 8px; flex-wrap: wrap; }
  .header { font-size: 18px; font-weight: 900; }
  hr { border: 0; border-top: 1px solid #ddd; margin: 8px 0; }
  .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 4px; }
  button.b { font: inherit; font-size: 14px; font-weight: 700; border: 1px solid #bbb; background: #fff; color: #1d1c1d; border-radius: 4px; padding: 3px 12px; cursor: pointer; }
  button.b.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
  button.b.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
  a.b { font-size: 14px; font-weight: 700; border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; color: #1d1c1d; text-decoration: none; }
  code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 12px; color: #e01e5a; }
  blockquote { margin: 2px 0; padding-left: 10px; border-left: 4px solid #ddd; }
  .thread { margin: 6px 0 0; border-left: 2px solid #ddd; padding-left: 10px; }
  .thread .msg { padding: 4px 0; }
  .replies { color: #1264a3; font-size: 13px; font-weight: 700; margin-top: 4px; }
  .ephemeral { background: #f4ede4; }
  .ephemeral .only { color: #616061; font-size: 12px; }
  #status { padding: 6px 20px; font-size: 13px; color: #616061; border-top: 1px solid #ddd; min-height: 30px; }
  #status.bad { color: #e01e5a; }
  .overlay { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: grid; place-items: center; }
  .dialog { background: #fff; border-radius: 8px; width: min(560px, 92vw); max-height: 88vh; overflow: auto; box-shadow: 0 18px 48px rgba(0,0,0,.35); }
  .dialog h2 { margin: 0; padding: 18px 24px 8px; font-size: 22px; }
  .dialog .body { padding: 8px 24px 16px; white-space: pre-wrap; }
  .dialog .foot { display: flex; justify-content: flex-end; gap: 8px; padding: 14px 24px; border-top: 1px solid #ddd; }
  .dialog label { display: block; font-weight: 700; margin: 10px 0 4px; }
  .dialog textarea, .dialog input { width: 100%; font: inherit; border: 1px solid #bbb; border-radius: 4px; padding: 8px; }
  .dialog textarea { min-height: 180px; }
  .dialog .hint { color: #616061; font-size: 13px; }
  .empty { color: #616061; padding: 24px 20px; }
  .mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; font-weight: 400; }
</style>
</head>
<body>
<nav>
  <h1>Demo workspace</h1>
  <div class="standin">Local Slack stand-in: not Slack. Buttons send real signed interactions to the Worker.</div>
  <div id="channels"></div>
  <label for="user">Acting as</label>
  <select id="user"></select>
</nav>
<main>
  <header id="title">#</header>
  <div id="log"></div>
  <div id="status">Clicks here are signed like Slack's and sent to the Worker's /slack/interactions.</div>
</main>
<script>
const CONFIG = window.WORKSPACE_CONFIG;
let state = { channels: {}, ephemeral: [], users: [], views: [] };
let current = new URLSearchParams(location.search).get("channel") || CONFIG.channels[0]?.id;
let waitingTrigger = null;
let openViewId = null;
let lastRender = "";

const esc = (s) => String(s ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Slack escapes &, < and > in message text; mrkdwn marks links as <url|label>.
function mrkdwn(raw) {
  let s = String(raw ?? "").replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] || m);
  const links = [];
  s = s.replace(/<@([UW][A-Z0-9]+)>/g, (_m, id) => "\u0001" + id + "\u0001");
  s = s.replace(/<([^>|]+)(?:\|([^>]+))?>/g, (_m, url, label) => {
    links.push(url.startsWith("http") ? '<a href="' + esc(url) + '" target="_blank" rel="noopener">' + esc(unslack(label || url)) + "</a>" : esc(unslack(label || url)));
    return "\u0000" + (links.length - 1) + "\u0000";
  });
  s = esc(unslack(s));
  s = s.replace(/\x60([^\x60]+)\x60/g, "<code>$1</code>")
       .replace(/(^|[\s(])\*([^*\n]+)\*/g, "$1<b>$2</b>")
       .replace(/(^|[\s(])_([^_\n]+)_/g, "$1<i>$2</i>")
       .replace(/(^|[\s(])~([^~\n]+)~/g, "$1<s>$2</s>")
       .replace(/^&gt; ?(.*)$/gm, "<blockquote>$1</blockquote>");
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i) => links[Number(i)]).replace(/\u0001([A-Z0-9]+)\u0001/g, (_m, id) => '<b class="mention">@' + esc(userName(id)) + "</b>");
}
// The emoji the app's messages use, as Slack draws them.
const EMOJI = { warning: "⚠️", scissors: "✂️", rotating_light: "🚨", x: "❌", white_check_mark: "✅", speech_balloon: "💬", pencil2: "✏️", outbox_tray: "📤",
  no_entry: "⛔", leftwards_arrow_with_hook: "↩️", information_source: "ℹ️", hourglass_flowing_sand: "⏳", hourglass: "⌛", alarm_clock: "⏰" };
const unslack = (s) => String(s).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const text = (t) => (t ? (t.type === "mrkdwn" ? mrkdwn(t.text) : esc(t.text)) : "");
const userName = (id) => state.users.find((u) => u.id === id)?.real_name || state.users.find((u) => u.id === id)?.name || id;
const time = (ts) => new Date(Number(String(ts).split(".")[0]) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

function button(el, ctx) {
  if (el.url) return '<a class="b" href="' + esc(el.url) + '" target="_blank" rel="noopener">' + esc(el.text?.text) + "</a>";
  const data = esc(JSON.stringify({ ...ctx, actionId: el.action_id, confirm: el.confirm || null }));
  return '<button class="b ' + esc(el.style || "") + '" data-act="' + data + '">' + esc(el.text?.text) + "</button>";
}

function blocks(list, ctx) {
  return (list || []).map((b) => {
    switch (b.type) {
      case "section": {
        const fields = b.fields ? '<div class="fields">' + b.fields.map((f) => "<div>" + text(f) + "</div>").join("") + "</div>" : "";
        const acc = b.accessory && b.accessory.type === "button" ? button(b.accessory, ctx) : "";
        return '<div class="block section"><div class="text">' + text(b.text) + fields + "</div>" + acc + "</div>";
      }
      case "context":
        return '<div class="block context">' + (b.elements || []).map((e) => (e.type === "image" ? "" : "<span>" + text(e) + "</span>")).join("") + "</div>";
      case "divider":
        return "<hr>";
      case "header":
        return '<div class="block header">' + text(b.text) + "</div>";
      case "actions":
        return '<div class="block actions">' + (b.elements || []).filter((e) => e.type === "button").map((e) => button(e, ctx)).join("") + "</div>";
      case "input":
        return "";
      default:
        return b.text ? '<div class="block">' + text(b.text) + "</div>" : "";
    }
  }).join("");
}

function message(m, channel, extraClass = "", note = "") {
  const who = m.user === CONFIG.botUserId || m.bot_id ? CONFIG.botName : userName(m.user);
  const body = m.blocks && m.blocks.length ? blocks(m.blocks, { channel, ts: m.ts }) : '<div class="section"><div class="text">' + mrkdwn(m.text) + "</div></div>";
  return '<div class="msg ' + extraClass + '" data-ts="' + esc(m.ts) + '"><div class="avatar">' + esc(who.slice(0, 1).toUpperCase()) + "</div><div>" +
    '<div class="who">' + esc(who) + (m.bot_id || m.user === CONFIG.botUserId ? '<span class="app">APP</span>' : "") + "<time>" + time(m.ts) + "</time>" +
    (m.edited ? ' <span class="edited">(edited)</span>' : "") + "</div>" + note + body + "</div></div>";
}

function render() {
  const me = document.getElementById("user").value;
  document.getElementById("channels").innerHTML = CONFIG.channels.map((c) => {
    const n = (state.channels[c.id] || []).filter((m) => !m.thread_ts || m.thread_ts === m.ts).length;
    return '<button class="ch ' + (c.id === current ? "active" : "") + '" data-channel="' + esc(c.id) + '"># ' + esc(c.name) + '<span class="n">' + n + "</span></button>";
  }).join("");
  const ch = CONFIG.channels.find((c) => c.id === current);
  document.getElementById("title").innerHTML = "# " + esc(ch?.name || current) + "<small>" + esc(ch?.purpose || "") + "</small>";
  const all = state.channels[current] || [];
  const parents = all.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const eph = state.ephemeral.filter((e) => e.channel === current && e.user === me);
  let html = parents.map((p) => {
    const replies = all.filter((m) => m.thread_ts === p.ts && m.ts !== p.ts);
    const thread = replies.length ? '<div class="replies">' + replies.length + (replies.length === 1 ? " reply" : " replies") + '</div><div class="thread">' + replies.map((r) => message(r, current)).join("") + "</div>" : "";
    const ephemeralHere = eph.filter((e) => e.message_ts && (e.thread_ts === p.ts)).map((e) => message({ ...e, ts: e.message_ts, bot_id: "B" }, current, "ephemeral", '<div class="only">Only visible to you</div>')).join("");
    return message(p, current).replace(/<\/div><\/div>$/, thread + ephemeralHere + "</div></div>");
  }).join("");
  html += eph.filter((e) => !e.thread_ts || !parents.some((p) => p.ts === e.thread_ts)).map((e) => message({ ...e, ts: e.message_ts, bot_id: "B" }, current, "ephemeral", '<div class="only">Only visible to you</div>')).join("");
  if (!html) html = '<div class="empty">No messages yet. Open a ticket that needs a reply (npm start prints one to paste) and its approval request appears here.</div>';
  if (html !== lastRender) {
    const log = document.getElementById("log");
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    log.innerHTML = html;
    lastRender = html;
    if (atBottom) log.scrollTop = log.scrollHeight;
  }
  if (waitingTrigger && !openViewId) {
    const view = state.views.find((v) => v.trigger_id === waitingTrigger);
    if (view) { waitingTrigger = null; showModal(view); }
  }
}

function status(line, bad = false) {
  const el = document.getElementById("status");
  el.textContent = line;
  el.className = bad ? "bad" : "";
}

async function refresh() {
  try {
    const [messages, users, views] = await Promise.all(["messages", "users", "views"].map((p) => fetch("/__fake/" + p).then((r) => r.json())));
    state = { channels: messages.channels || {}, ephemeral: messages.ephemeral || [], users: users.users || [], views: views.views || [] };
    const select = document.getElementById("user");
    if (!select.options.length) {
      select.innerHTML = state.users.map((u) => '<option value="' + esc(u.id) + '">' + esc(u.real_name || u.name) + "</option>").join("");
      select.value = CONFIG.defaultUser;
    }
    render();
  } catch (error) {
    status("Cannot reach the Slack stand-in: " + error.message, true);
  }
}

async function act(body) {
  const res = await fetch("/__workspace/act", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ...body, user: document.getElementById("user").value }) });
  const answer = await res.json();
  if (!answer.ok) status("Not sent: " + answer.error, true);
  else if (answer.worker.status !== 200) status("The Worker answered " + answer.worker.status + ": " + answer.worker.body, true);
  else status("Sent a signed " + (body.type === "click" ? "button click" : "modal submission") + " to the Worker: 200 OK.");
  setTimeout(refresh, 400);
  setTimeout(refresh, 1500);
  return answer;
}

function dialog(inner) {
  const overlay = document.createElement("div");
  overlay.className = "overlay";
  overlay.innerHTML = '<div class="dialog" role="dialog">' + inner + "</div>";
  document.body.appendChild(overlay);
  return overlay;
}

function confirmFirst(c) {
  return new Promise((resolve) => {
    const o = dialog("<h2>" + text(c.title) + '</h2><div class="body">' + text(c.text) + '</div><div class="foot"><button class="b" data-no>' + esc(c.deny?.text || "Cancel") +
      '</button><button class="b ' + (c.style === "danger" ? "danger" : "primary") + '" data-yes>' + esc(c.confirm?.text || "Yes") + "</button></div>");
    o.querySelector("[data-no]").onclick = () => { o.remove(); resolve(false); };
    o.querySelector("[data-yes]").onclick = () => { o.remove(); resolve(true); };
  });
}

function showModal(view) {
  openViewId = view.id;
  const inputs = [];
  const body = (view.blocks || []).map((b) => {
    if (b.type !== "input") return blocks([b], {});
    const el = b.element || {};
    inputs.push({ block: b.block_id, action: el.action_id });
    const id = "in-" + esc(b.block_id);
    const field = el.multiline
      ? '<textarea id="' + id + '" maxlength="' + esc(el.max_length || 3000) + '">' + esc(el.initial_value || "") + "</textarea>"
      : '<input id="' + id + '" value="' + esc(el.initial_value || "") + '">';
    return '<label for="' + id + '">' + esc(b.label?.text) + (b.optional ? ' <span class="hint">(optional)</span>' : "") + "</label>" + field + (b.hint ? '<div class="hint">' + esc(b.hint.text) + "</div>" : "");
  }).join("");
  const o = dialog("<h2>" + esc(view.title?.text) + '</h2><div class="body">' + body + '</div><div class="foot"><button class="b" data-close>' + esc(view.close?.text || "Cancel") +
    '</button><button class="b primary" data-submit>' + esc(view.submit?.text || "Submit") + "</button></div>");
  o.querySelector("[data-close]").onclick = () => { o.remove(); openViewId = null; };
  o.querySelector("[data-submit]").onclick = async () => {
    const values = {};
    for (const i of inputs) values[i.block] = { [i.action]: document.getElementById("in-" + i.block).value };
    const answer = await act({ type: "submit", viewId: view.id, values });
    if (answer.ok && answer.worker.status === 200 && !/"response_action"\s*:\s*"errors"/.test(answer.worker.body)) { o.remove(); openViewId = null; }
    else if (answer.ok) status("The app refused the form: " + answer.worker.body, true);
  };
}

document.addEventListener("click", async (event) => {
  const ch = event.target.closest("[data-channel]");
  if (ch) { current = ch.dataset.channel; lastRender = ""; render(); return; }
  const btn = event.target.closest("[data-act]");
  if (!btn) return;
  const a = JSON.parse(btn.dataset.act);
  if (a.confirm && !(await confirmFirst(a.confirm))) return;
  const answer = await act({ type: "click", channel: a.channel, ts: a.ts, actionId: a.actionId });
  if (answer.ok) waitingTrigger = answer.triggerId;
});
document.getElementById("user").addEventListener("change", () => { lastRender = ""; render(); });
refresh();
setInterval(refresh, 1500);
</script>
</body>
</html>`;

/** The page with its configuration: which channels to list, who acts by default, the bot's name. */
export function workspacePage(config: {
  channels: { id: string; name: string; purpose?: string }[];
  defaultUser: string;
  botUserId: string;
  botName: string;
}): string {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return WORKSPACE_PAGE.replace("<script>\n", `<script>\nwindow.WORKSPACE_CONFIG = ${json};\n`);
}
