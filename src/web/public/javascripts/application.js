// Progressive enhancement only: every page works without this file. Loaded as a module, so browsers
// that govuk-frontend does not support (no `type="module"`) skip it and get the plain HTML pages.
import { initAll } from './govuk-frontend.min.js'

initAll()

// "Print this page" links: hidden until this script runs (see reeve.css), since only script can print.
for (const link of document.querySelectorAll('[data-module="reeve-print-link"]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault()
    window.print()
  })
}
