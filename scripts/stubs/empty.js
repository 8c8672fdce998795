// Stands in for Node's "stream" module in the Apps Script bundle: papaparse only needs it for
// Node streams, which the toolkit never uses. Keeps `require` out of the bundle.
module.exports = {};
