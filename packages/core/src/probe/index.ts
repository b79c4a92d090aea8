export { readWindowInputs, type WindowInputs } from './inputs.js'
