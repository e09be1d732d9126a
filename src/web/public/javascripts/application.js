// Progressive enhancement only: every page works without this file. Loaded as a module, so browsers
// that govuk-frontend does not support (no `type="module"`) skip it and get the plain HTML pages.
import { initAll } from './govuk-frontend.min.js'

initAll()
