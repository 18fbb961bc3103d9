// Steady, /pause: moves through the steps in the page itself, runs the calm timer, and lets Pause
// work offline once visited. Without this script every step is a plain form sent to the server,
// which carries the answers forward in hidden fields; nothing here is sent anywhere or kept.
(function () {
	'use strict';
	var root = document.querySelector('[data-pause]');
	if (!root) return;

	if ('serviceWorker' in navigator) {
		navigator.serviceWorker.register('/service-worker.js', { scope: '/pause' }).catch(function () {
			// Pause still works online without offline support.
		});
	}

	var sections = Array.prototype.slice.call(root.querySelectorAll('section[data-step]'));
	var order = sections.map(function (s) {
		return s.getAttribute('data-step');
	});
	var section = function (name) {
		return root.querySelector('section[data-step="' + name + '"]');
	};
	var current = root.getAttribute('data-step-now') || 'breathe';

	/** Every answer so far, as [name, value] pairs: the same fields the forms carry. */
	var answers = [];
	var start = section(current);
	if (start) {
		start.querySelectorAll('[data-carry] input').forEach(function (input) {
			answers.push([input.name, input.value]);
		});
	}

	var get = function (name) {
		for (var i = 0; i < answers.length; i++) if (answers[i][0] === name) return answers[i][1];
		return '';
	};
	var all = function (name) {
		return answers
			.filter(function (a) {
				return a[0] === name;
			})
			.map(function (a) {
				return a[1];
			});
	};

	/** The names a form asks for itself (not the ones it only carries). */
	function ownNames(form) {
		var names = {};
		form.querySelectorAll('input, textarea, select').forEach(function (el) {
			if (el.type !== 'hidden' && el.name) names[el.name] = true;
		});
		return names;
	}

	function carryInto(form) {
		var box = form.querySelector('[data-carry]');
		if (!box) return;
		var own = ownNames(form);
		box.textContent = '';
		answers.forEach(function (a) {
			if (own[a[0]]) return;
			var input = document.createElement('input');
			input.type = 'hidden';
			input.name = a[0];
			input.value = a[1];
			box.appendChild(input);
		});
	}

	var labelOf = function (name, value) {
		var input = root.querySelector('input[name="' + name + '"][value="' + value + '"]');
		return (input && input.getAttribute('data-label')) || value;
	};
	var choice = function (name) {
		var key = get(name);
		var own = get(name + 'Own').trim();
		if (key === 'own' || key === '') return own;
		return labelOf(name, key);
	};
	function feelingsNamed() {
		var list = all('feeling').map(function (key) {
			return { label: labelOf('feeling', key), n: Number(get('strength-' + key) || 50) };
		});
		var own = get('feelingOwn').trim();
		if (own) list.push({ label: own, n: Number(get('strength-own') || 50) });
		return list;
	}
	function before() {
		var list = feelingsNamed();
		if (!list.length) return '';
		return String(
			Math.max.apply(
				null,
				list.map(function (f) {
					return f.n;
				})
			)
		);
	}

	function show(name, value) {
		root.querySelectorAll('[data-show="' + name + '"]').forEach(function (el) {
			el.textContent = value;
		});
		root.querySelectorAll('[data-item="' + name + '"]').forEach(function (el) {
			el.hidden = value === '';
		});
	}

	function fillSummary() {
		var list = feelingsNamed();
		var ul = root.querySelector('ul[data-show="feelings"]');
		if (ul) {
			ul.textContent = '';
			list.forEach(function (f) {
				var li = document.createElement('li');
				li.textContent = f.label + ': ' + f.n + ' out of 100';
				ul.appendChild(li);
			});
		}
		root.querySelector('[data-item="feelings"]').hidden = list.length === 0;
		show('before', before());
		show('after', get('after'));
		root.querySelector('[data-item="change"]').hidden = before() === '' && get('after') === '';
		show('belief', choice('belief').replace(/\.$/, ''));
		show('urge', choice('urge'));
		show('action', choice('action'));
		show('minutes', get('minutes') || '10');
		show('waited', get('waited') ? labelOf('waited', get('waited')) : '');
	}

	var timer = null;
	function stopTimer() {
		if (timer) clearInterval(timer);
		timer = null;
	}
	function startTimer() {
		var box = root.querySelector('[data-timer]');
		var bar = root.querySelector('[data-timer-bar]');
		var words = root.querySelector('[data-timer-words]');
		var done = root.querySelector('[data-timer-done]');
		var finish = root.querySelector('[data-timer-finish]');
		var minutes = Number(get('minutes') || 10);
		var reveal = root.querySelector('[data-reveal="' + minutes + '"]');
		var total = minutes * 60000;
		var began = Date.now();
		box.hidden = false;
		root.querySelector('[data-timer-plain]').hidden = true;
		finish.hidden = true;
		done.textContent = '';
		function tick() {
			var left = total - (Date.now() - began);
			bar.value = Math.min(100, Math.round((100 * (total - Math.max(0, left))) / total));
			if (left <= 0) {
				stopTimer();
				words.textContent = '';
				if (reveal) done.textContent = reveal.textContent.replace(/\s+/g, ' ').trim();
				finish.hidden = false;
				return;
			}
			var m = Math.ceil(left / 60000);
			words.textContent =
				m <= 1 ? 'Less than a minute to go.' : 'About ' + m + ' minutes to go.';
		}
		stopTimer();
		tick();
		timer = setInterval(tick, 1000);
	}

	function go(name, endedEarly) {
		var target = section(name);
		if (!target) return;
		stopTimer();
		sections.forEach(function (s) {
			s.hidden = s !== target;
		});
		root.querySelectorAll('[role="alert"]').forEach(function (el) {
			el.hidden = true;
		});
		current = name;
		var progress = root.querySelector('[data-progress]');
		if (progress) progress.textContent = target.getAttribute('data-progress-label');
		target.querySelectorAll('form').forEach(carryInto);
		show('minutes', get('minutes') || '10');
		if (name === 'wait') {
			root.querySelectorAll('[data-reveal]').forEach(function (p) {
				p.hidden = p.getAttribute('data-reveal') !== (get('minutes') || '10');
			});
			startTimer();
		}
		if (name === 'after') {
			show('before', before());
			target.querySelectorAll('[data-ended]').forEach(function (p) {
				p.hidden = endedEarly === undefined || (p.getAttribute('data-ended') === 'early') !== endedEarly;
			});
			var slider = target.querySelector('input[name="after"]');
			if (slider && get('after') === '' && before() !== '') {
				slider.value = before();
				slider.dispatchEvent(new Event('input', { bubbles: true }));
			}
		}
		if (name === 'summary') fillSummary();
		var heading = target.querySelector('h2');
		if (heading) heading.focus();
		root.scrollIntoView({ block: 'start' });
	}

	/**
	 * Words written in the person's own words are checked on the server for crisis language, so
	 * that help comes up at once. Offline, or if the check fails, the help link is still there.
	 */
	var checked = '';
	function checkWords() {
		var texts = ['feelingOwn', 'beliefOwn', 'urgeOwn', 'actionOwn']
			.map(get)
			.filter(function (t) {
				return t.trim() !== '';
			});
		var key = texts.join('\n');
		var panel = root.querySelector('[data-crisis]');
		if (!texts.length || key === checked || !panel || !panel.hidden) return;
		checked = key;
		fetch('/pause/check', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ texts: texts }),
			credentials: 'same-origin'
		})
			.then(function (r) {
				return r.ok ? r.json() : { match: false };
			})
			.then(function (answer) {
				if (!answer.match) return;
				panel.hidden = false;
				panel.focus();
			})
			.catch(function () {
				checked = '';
			});
	}

	root.addEventListener('submit', function (event) {
		var form = event.target;
		if (!form.hasAttribute('data-pause-form')) return;
		event.preventDefault();
		var submitter = event.submitter;
		var own = ownNames(form);
		answers = answers.filter(function (a) {
			return !own[a[0]];
		});
		new FormData(form).forEach(function (value, name) {
			if (own[name] && typeof value === 'string' && value.trim() !== '') {
				answers.push([name, value]);
			}
		});
		checkWords();
		var step = form.querySelector('input[name="step"]').value;
		var i = order.indexOf(step);
		if (submitter && submitter.name === 'move' && submitter.value === 'back') {
			var back = order[Math.max(0, i - 1)];
			go(back === 'wait' ? 'urge' : back);
			return;
		}
		var endedEarly = undefined;
		if (step === 'wait') endedEarly = !!(submitter && submitter.value === 'early');
		go(order[Math.min(order.length - 1, i + 1)], endedEarly);
	});

	root.addEventListener('input', function (event) {
		var el = event.target;
		if (el.hasAttribute('data-strength')) {
			var out = el.parentNode.querySelector('[data-strength-value]');
			if (out) out.textContent = el.value;
		}
		var forName = el.getAttribute('data-own-for');
		if (forName && el.value.trim() !== '') {
			var radio = root.querySelector('input[name="' + forName + '"][value="own"]');
			if (radio) radio.checked = true;
		}
	});
})();
