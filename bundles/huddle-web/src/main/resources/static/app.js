// Huddle's page: everything from the network is put in the page as text (textContent), never as markup, and
// characters that would act rather than show (controls, ANSI's ESC, bidi overrides) are shown as escapes.
'use strict';

const MAX_SHOWN = 1000;
const REFRESH_MS = 5000;
const $ = (id) => document.getElementById(id);

const view = { self: null, handle: '', rooms: [], peers: [], current: null, limit: 200, live: false, joining: null };
/** room name -> { items: [], keys: Set, loaded: bool, unread: number } */
const logs = new Map();

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
  };
  const response = await fetch('api/' + path, init);
  const json = await response.json().catch(() => ({ error: response.status + ' ' + response.statusText }));
  if (!response.ok) {
    throw new Error(json.error || response.statusText);
  }
  return json;
}

// The same characters the console escapes: C0 and C1 controls but line feed and tab, DEL, bidi controls,
// Unicode's line and paragraph separators, and a surrogate without its other half.
const ACTING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function textNode(parent, text) {
  let last = 0;
  for (const match of text.matchAll(ACTING)) {
    parent.append(text.slice(last, match.index));
    const esc = document.createElement('span');
    esc.className = 'esc';
    esc.textContent = '\\u' + match[0].charCodeAt(0).toString(16).padStart(4, '0');
    parent.append(esc);
    last = match.index + match[0].length;
  }
  parent.append(text.slice(last));
  return parent;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) textNode(e, String(text));
  return e;
}

function log(room) {
  if (!logs.has(room)) logs.set(room, { items: [], keys: new Set(), loaded: false, unread: 0 });
  return logs.get(room);
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

function keyOf(m) {
  return m.sender + '|' + m.sequence + '|' + m.time;
}

/** Adds a message or notice to its room's log; returns whether it was new. */
function remember(room, item, key) {
  const l = log(room);
  if (key && l.keys.has(key)) return false;
  if (key) l.keys.add(key);
  l.items.push(item);
  if (l.items.length > MAX_SHOWN) {
    const dropped = l.items.shift();
    if (dropped.key) l.keys.delete(dropped.key);
  }
  return true;
}

function messageItem(m) {
  const li = el('li', 'msg' + (m.local ? ' own' : ''));
  const time = el('time', null, new Date(m.time).toLocaleTimeString());
  time.dateTime = m.time;
  li.append(time, el('span', 'who', m.handle), el('span', 'text', m.text));
  li.title = 'from ' + m.sender + ', #' + m.sequence;
  return li;
}

function noticeItem(n) {
  return el('li', 'notice ' + n.level, n.text);
}

function atBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
}

function onMessage(m) {
  const item = { key: keyOf(m), node: () => messageItem(m) };
  if (!remember(m.room, item, item.key)) return;
  if (m.room === view.current) {
    append(item);
  } else {
    log(m.room).unread++;
    renderRooms();
  }
}

function onNotice(n) {
  const room = n.room || view.current;
  if (room) {
    const item = { node: () => noticeItem(n) };
    remember(room, item);
    if (room === view.current) append(item);
  } else {
    showError(n.text);
  }
  refresh();
}

function append(item) {
  const list = $('messages');
  const follow = atBottom(list);
  list.append(item.node());
  while (list.childElementCount > MAX_SHOWN) list.firstElementChild.remove();
  if (follow) list.scrollTop = list.scrollHeight;
}

async function loadHistory(room) {
  const history = await api('history?room=' + encodeURIComponent(room) + '&limit=' + view.limit);
  const l = log(room);
  const arrived = l.items;
  l.items = [];
  l.keys.clear();
  for (const m of history.messages) remember(room, { key: keyOf(m), node: () => messageItem(m) }, keyOf(m));
  for (const item of arrived) remember(room, item, item.key);
  l.loaded = true;
}

async function openRoom(room) {
  view.current = room;
  if (room) {
    log(room).unread = 0;
    if (!log(room).loaded) {
      try { await loadHistory(room); } catch (e) { showError(e.message); }
    }
  }
  renderRooms();
  renderConversation();
}

function renderConversation() {
  const room = view.rooms.find((r) => r.name === view.current);
  const list = $('messages');
  list.replaceChildren();
  $('room-name').textContent = '';
  const kind = $('room-kind');
  if (!room) {
    textNode($('room-name'), 'no room');
    kind.textContent = 'join a room to talk';
    kind.className = '';
  } else {
    textNode($('room-name'), room.name);
    kind.textContent = room.encrypted
      ? '🔒 encrypted: only those who know its passphrase read and write here'
      : 'open: anyone on this network can read and write here';
    kind.className = room.encrypted ? 'encrypted' : 'open';
    for (const item of log(room.name).items) list.append(item.node());
    list.scrollTop = list.scrollHeight;
  }
  $('leave').hidden = !room;
  renderSayForm();
}

/** While a room is being joined (an encrypted one takes seconds), nothing typed goes to the room shown before. */
function renderSayForm() {
  const room = view.rooms.find((r) => r.name === view.current);
  const open = room && !view.joining;
  $('say').disabled = !open;
  $('send').disabled = !open;
  $('join').disabled = Boolean(view.joining);
  document.body.classList.toggle('busy', Boolean(view.joining));
  $('say').placeholder = view.joining ? 'Joining ' + view.joining + '…'
    : room ? 'Say something in ' + room.name : 'Join a room to talk';
}

function renderRooms() {
  const list = $('rooms');
  list.replaceChildren();
  for (const room of view.rooms) {
    const button = el('button', room.name === view.current ? 'current' : '');
    button.type = 'button';
    button.append(el('span', 'lock', room.encrypted ? '🔒' : '#'), el('span', 'name', room.name));
    const unread = log(room.name).unread;
    if (unread > 0) button.append(el('span', 'unread', unread));
    button.addEventListener('click', () => openRoom(room.name));
    const li = el('li');
    li.append(button);
    list.append(li);
  }
}

function renderPeers() {
  const list = $('peers');
  list.replaceChildren();
  for (const p of view.peers) {
    const li = el('li', p.present ? 'present' : 'away');
    li.title = p.address + ' (' + p.id + ')';
    li.append(el('span', 'dot'), el('span', 'who', p.handle), el('span', 'via', 'in ' + p.via),
      el('span', 'ago', p.secondsAgo + ' s ago'));
    list.append(li);
  }
  $('peer-count').textContent = view.peers.length ? '(' + view.peers.length + ')' : '';
}

async function refresh() {
  try {
    const s = await api('state');
    view.self = s.self;
    view.rooms = s.rooms;
    view.peers = s.peers;
    view.limit = s.historyLimit;
    if (document.activeElement !== $('handle')) $('handle').value = s.handle;
    const stillThere = view.rooms.some((r) => r.name === view.current);
    if (!stillThere) {
      await openRoom(s.current || (view.rooms[0] && view.rooms[0].name) || null);
    } else {
      renderRooms();
    }
    renderPeers();
  } catch (e) {
    showError('cannot reach this node: ' + e.message);
  }
}

function setLive(live, text) {
  view.live = live;
  const link = $('link');
  link.textContent = text;
  link.className = 'link ' + (live ? 'on' : 'off');
}

/** How long the page waits before it asks for its stream again, after each failed try; then the last, again. */
const RECONNECT_MS = [1000, 2000, 4000, 8000, 15000];
let everLive = false;
let tries = 0;

// The browser itself reconnects a stream that broke off, but gives up for good when the answer is not a
// stream: 429 while max.streams other pages follow, 404 while the web bundle restarts, 401 once the token
// changed. The page tries again then, later each time, until it is back.
function connect() {
  const events = new EventSource('api/events');
  events.addEventListener('open', async () => {
    tries = 0;
    setLive(true, 'live');
    if (everLive) {
      // back after a break: what was said meanwhile is in the history
      for (const l of logs.values()) l.loaded = false;
      await openRoom(view.current);
    }
    everLive = true;
    refresh();
  });
  events.addEventListener('error', () => {
    setLive(false, 'reconnecting…');
    if (events.readyState === EventSource.CLOSED) {
      const wait = RECONNECT_MS[Math.min(tries, RECONNECT_MS.length - 1)];
      tries++;
      // a little randomness, so that the pages of a restarted node do not all come back at the same moment
      setTimeout(connect, wait * (0.8 + 0.4 * Math.random()));
    }
  });
  events.addEventListener('message', (e) => onMessage(JSON.parse(e.data)));
  events.addEventListener('notice', (e) => onNotice(JSON.parse(e.data)));
  events.addEventListener('overflow', () => {
    // this page fell too far behind: start again from the history, which the reopened stream reloads
    events.close();
    setLive(false, 'catching up…');
    everLive = true;
    connect();
  });
}

async function submit(form, action) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await action(); } catch (err) { showError(err.message); }
  });
}

submit($('say-form'), async () => {
  const text = $('say').value;
  if (!text || !view.current || view.joining) return;
  const sent = await api('say', { room: view.current, text });
  $('say').value = '';
  onMessage(sent);
});

submit($('join-form'), async () => {
  view.joining = $('join-room').value.trim();
  renderSayForm();
  try {
    const room = await api('join', { room: view.joining, passphrase: $('join-pass').value });
    $('join-room').value = '';
    $('join-pass').value = '';
    await refresh();
    view.joining = null;
    await openRoom(room.name);
  } finally {
    view.joining = null;
    renderSayForm();
  }
  $('say').focus();
});

submit($('handle-form'), async () => {
  const answer = await api('handle', { handle: $('handle').value });
  $('handle').value = answer.handle;
  $('handle').blur();
});
$('handle').addEventListener('change', () => $('handle-form').requestSubmit());

$('leave').addEventListener('click', async () => {
  try {
    await api('leave', { room: view.current });
    logs.delete(view.current);
    view.current = null;
    await refresh();
  } catch (err) { showError(err.message); }
});

refresh().then(connect);
setInterval(refresh, REFRESH_MS);
