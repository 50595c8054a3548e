// Property tests run from a fixed seed so CI is reproducible; FC_SEED=<n> explores other seeds.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261120) });
