/**
 * zod's English issue messages ("Too small: expected number to be >=672") for one parse.
 *
 * The data-file schemas (catalog, prices) use zod/mini, the flavour the plan schema uses, so the
 * browser loads one zod (issue 16). Classic zod installs these messages globally when it loads;
 * zod/mini does not, and its default message is a bare "Invalid input". Passing them per parse
 * keeps the files' messages word for word without a global side effect. A schema's own message
 * ("must be positive") still wins over these.
 */
import en from 'zod/v4/locales/en.js';

export const ENGLISH_MESSAGES = { error: en().localeError } as const;
