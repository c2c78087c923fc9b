/** What every log statement needs from values that come from outside: {@link io.camsearch.logging.LogText}. */
package io.camsearch.logging;
