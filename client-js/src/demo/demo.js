// Dynamic content for the demo pages: a ticking clock, rotating offers, added rows, a password toggle.
(function () {
  'use strict';
  var clock = document.getElementById('clock');
  if (clock) setInterval(function () { clock.textContent = new Date().toLocaleTimeString(); }, 1000);

  var offers = document.getElementById('offers');
  var names = ['0% balance transfer', 'Travel insurance', 'Cashback card', 'Mortgage check-up', 'Student account'];
  var n = 0;
  function rotate() {
    if (!offers) return;
    offers.textContent = '';
    for (var i = 0; i < 3; i++) {
      var li = document.createElement('li');
      li.textContent = names[(n + i) % names.length];
      offers.appendChild(li);
    }
    n++;
  }
  rotate();
  if (offers) setInterval(rotate, 4000);

  var rows = document.getElementById('transactions');
  var count = 0;
  function addRow() {
    if (!rows) return;
    count++;
    var li = document.createElement('li');
    li.textContent = 'Transaction #' + count + ': ' + (Math.round(Math.random() * 10000) / 100).toFixed(2) + ' EUR';
    li.id = 'row-' + count;
    rows.appendChild(li);
  }
  for (var i = 0; i < 12; i++) addRow();
  var add = document.getElementById('add-row');
  if (add) add.addEventListener('click', addRow);

  var toggle = document.getElementById('show-password');
  var password = document.getElementById('password');
  if (toggle && password) {
    toggle.addEventListener('click', function () {
      var shown = password.type === 'text';
      password.type = shown ? 'password' : 'text';
      toggle.textContent = shown ? 'Show password' : 'Hide password';
    });
  }
})();
