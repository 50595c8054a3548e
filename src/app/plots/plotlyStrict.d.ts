// The strict bundle ships no declarations; its API is plotly.js-dist-min's (plotlyModule.ts casts it).
declare module 'plotly.js-strict-dist-min';
