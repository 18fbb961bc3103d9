// Steady, /consultation: on a first visit the server does not know the visitor's time zone, so it
// shows the practitioner's. This puts the same times in the browser's own zone, remembers that
// zone for the next pages (a cookie holding only the zone's name), and changes nothing else.
// Without it the page works the same: the zone can be chosen from the list on /consultation/zone.
(function () {
	var section = document.querySelector('[data-slot-zone]');
	if (!section || section.getAttribute('data-zone-chosen') === 'yes') return;
	var zone;
	try {
		zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
	} catch {
		return;
	}
	// Only a plain IANA name is kept, as the server checks it again.
	if (!zone || zone === section.getAttribute('data-slot-zone')) return;
	if (zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return;

	function formatter(locale, options) {
		options.timeZone = zone;
		return new Intl.DateTimeFormat(locale, options);
	}
	var dateF = formatter('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
	var dayF = formatter('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
	var genericF = formatter('en-US', { timeZoneName: 'longGeneric' });
	var specificF = formatter('en-US', { timeZoneName: 'long' });
	var offsetF = formatter('en-US', { timeZoneName: 'longOffset' });
	function part(f, at, type) {
		var parts = f.formatToParts(at);
		for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return parts[i].value;
		return '';
	}
	// Asking Intl is the slow part on a phone, so each answer is kept. Clocks only change on a
	// quarter hour, so the offset found at the start of a quarter hour holds for all of it.
	var quarter = 900000;
	var offsets = {};
	function offsetName(at) {
		var q = Math.floor(at / quarter);
		if (!(q in offsets)) offsets[q] = part(offsetF, q * quarter, 'timeZoneName');
		return offsets[q];
	}
	function offsetMs(at) {
		var m = /([+-])(\d{1,2}):?(\d{2})?/.exec(offsetName(at));
		if (!m) return 0;
		return (Number(m[1] + m[2]) * 60 + Number(m[1] + (m[3] || '0'))) * 60000;
	}
	// As on the server: the specific name near a clock change, where a time can happen twice.
	var names = {};
	function zoneName(at) {
		var hour = 3600000;
		var before = offsetName(at - 3 * hour);
		var after = offsetName(at + 3 * hour);
		var cacheKey = before + '|' + offsetName(at) + '|' + after;
		if (!(cacheKey in names)) {
			var generic = part(genericF, at, 'timeZoneName');
			names[cacheKey] =
				before === after && generic && generic.indexOf('GMT') !== 0
					? generic
					: part(specificF, at, 'timeZoneName') || generic || zone;
		}
		return names[cacheKey];
	}
	// The wall clock in the zone, read from a Date shifted by the offset (its UTC fields).
	function wall(at) {
		return new Date(at + offsetMs(at));
	}
	function clockTime(local) {
		var h = local.getUTCHours();
		var m = local.getUTCMinutes();
		return (h % 12 || 12) + ':' + (m < 10 ? '0' : '') + m + (h < 12 ? ' AM' : ' PM');
	}
	function text(tag, className, content) {
		var node = document.createElement(tag);
		if (className) node.className = className;
		if (content) node.textContent = content;
		return node;
	}

	document.cookie =
		'steady_tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax' +
		(location.protocol === 'https:' ? '; secure' : '');
	section.setAttribute('data-slot-zone', zone);
	var hidden = document.querySelectorAll('input[name="tz"]');
	for (var h = 0; h < hidden.length; h++) hidden[h].value = zone;
	var links = document.querySelectorAll('a[data-week-link]');
	for (var l = 0; l < links.length; l++) {
		var url = new URL(links[l].href);
		url.searchParams.set('tz', zone);
		links[l].href = url.pathname + url.search + url.hash;
	}
	var now = Date.now();
	var nameNode = document.querySelector('[data-zone-name]');
	if (nameNode) nameNode.textContent = zoneName(now);
	var idNode = document.querySelector('[data-zone-id]');
	if (idNode) idNode.textContent = zone.replace(/_/g, ' ');

	var container = document.querySelector('[data-slot-days]');
	if (!container) return;
	var buttons = container.querySelectorAll('button[data-start]');
	var starts = [];
	for (var b = 0; b < buttons.length; b++) starts.push(buttons[b].getAttribute('data-start'));
	container.textContent = '';
	var list = null;
	var lastKey = '';
	var dayName = '';
	var dateName = '';
	for (var s = 0; s < starts.length; s++) {
		var at = Date.parse(starts[s]);
		var key = wall(at).toISOString().slice(0, 10);
		if (key !== lastKey) {
			lastKey = key;
			dayName = dayF.format(at).replace(',', '');
			dateName = dateF.format(at).replace(',', '');
			var day = text('section', 'slot-day');
			day.setAttribute('aria-labelledby', 'day-' + key);
			var heading = text('h3', '', dayName);
			heading.id = 'day-' + key;
			list = text('ul', 'slot-times');
			list.setAttribute('role', 'list');
			day.appendChild(heading);
			day.appendChild(list);
			container.appendChild(day);
		}
		var button = text('button', 'slot-time');
		button.type = 'submit';
		button.name = 'start';
		button.value = starts[s];
		button.setAttribute('data-start', starts[s]);
		var time = clockTime(wall(at));
		button.textContent = time;
		button.setAttribute('aria-label', dateName + ', ' + time + ', ' + zoneName(at));
		var item = document.createElement('li');
		item.appendChild(button);
		list.appendChild(item);
	}
})();
