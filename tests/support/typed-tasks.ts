import { task } from "@trigger.dev/sdk";

// Real task definitions, as an app writes them, for the packages' type tests.

export const resizeImage = task({
  id: "resize-image",
  run: async (payload: { url: string; width: number }) => ({ resizedUrl: `${payload.url}?w=${payload.width}` }),
});

export const sendEmail = task({
  id: "send-email",
  run: async (payload: { to: string }) => ({ delivered: payload.to.length > 0 }),
});
