// One rendering of bad values for every cyclr error message: core's.
export { describeValue } from '@cyclr/core';
