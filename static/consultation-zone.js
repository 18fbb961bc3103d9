// Steady, /consultation: on a first visit the server does not know the visitor's time zone, so it
// shows the practitioner's. This puts the same times in the browser's own zone, remembers that
// zone for the next pages (a cookie holding only the zone's name), and changes nothing else.
// Without it the page works the same: the zone can be chosen from the list.
(function () {
	var section = document.querySelector('[data-slot-zone]');
	if (!section || section.getAttribute('data-zone-chosen') === 'yes') return;
	var zone;
	try {
		zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
	} catch {
		return;
	}
	var select = document.getElementById('tz');
	if (!zone || !select || zone === section.getAttribute('data-slot-zone')) return;
	var known = false;
	for (var i = 0; i < select.options.length; i++) if (select.options[i].value === zone) known = true;
	if (!known) return;

	function formatter(locale, options) {
		options.timeZone = zone;
		return new Intl.DateTimeFormat(locale, options);
	}
	var dateF = formatter('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
	var dayF = formatter('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
	var timeF = formatter('en-US', { hour: 'numeric', minute: '2-digit', hour12: true });
	var keyF = formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
	var genericF = formatter('en-US', { timeZoneName: 'longGeneric' });
	var specificF = formatter('en-US', { timeZoneName: 'long' });
	var offsetF = formatter('en-US', { timeZoneName: 'longOffset' });
	function part(f, at, type) {
		var parts = f.formatToParts(at);
		for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return parts[i].value;
		return '';
	}
	// As on the server: the specific name near a clock change, where a time can happen twice.
	function zoneName(at) {
		var hour = 3600000;
		var near = part(offsetF, at - 3 * hour, 'timeZoneName') !== part(offsetF, at + 3 * hour, 'timeZoneName');
		var generic = part(genericF, at, 'timeZoneName');
		if (!near && generic && generic.indexOf('GMT') !== 0) return generic;
		return part(specificF, at, 'timeZoneName') || generic || zone;
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
	select.value = zone;
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
	for (var s = 0; s < starts.length; s++) {
		var at = Date.parse(starts[s]);
		var key = part(keyF, at, 'year') + '-' + part(keyF, at, 'month') + '-' + part(keyF, at, 'day');
		if (key !== lastKey) {
			lastKey = key;
			var day = text('section', 'slot-day');
			day.setAttribute('aria-labelledby', 'day-' + key);
			var heading = text('h3', '', dayF.format(at).replace(',', ''));
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
		var time = timeF.format(at).replace(/\u202f|\u00a0/g, ' ');
		button.textContent = time;
		button.setAttribute('aria-label', dateF.format(at).replace(',', '') + ', ' + time + ', ' + zoneName(at));
		var item = document.createElement('li');
		item.appendChild(button);
		list.appendChild(item);
	}
})();
