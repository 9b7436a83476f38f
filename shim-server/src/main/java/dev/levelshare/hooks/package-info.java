/**
 * The API a sidecar's write hooks implement: {@link dev.levelshare.hooks.WriteHook} sees every put, delete and batch a
 * client sends before it is applied, and refuses one by throwing {@link dev.levelshare.WriteRejectedException}.
 */
package dev.levelshare.hooks;
