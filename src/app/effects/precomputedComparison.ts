// The demo's precomputed comparison (public/demo/demo-comparison.json, written by `npm run
// precompute:demo` with `gdw evaluate`): fetched from this origin after the page has started, read
// as any loaded report is (readReport), and shown until the user has a comparison of their own.
import { serializeError } from '../../core/errors';
import { readReport } from '../../core/report/readReport';
import { workbenchActions } from '../store';
import { fetchOk } from './backbones';

export const precomputedComparisonUrl = '/demo/demo-comparison.json';

export async function loadPrecomputedComparison(): Promise<void> {
  const fileName = precomputedComparisonUrl.slice(precomputedComparisonUrl.lastIndexOf('/') + 1);
  try {
    const report = readReport(await (await fetchOk(precomputedComparisonUrl)).text(), fileName);
    workbenchActions.precomputedComparisonLoaded({ fileName, report });
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
}
