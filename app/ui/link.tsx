// The app's <Link>: next/link without prefetching unless a caller asks for it. Every page here is rendered per
// request (who is asking decides what it shows), so a prefetch brings only the route's shell, yet each link in
// view costs a request and main-thread work while the page is still loading — on a phone, on a slow
// connection, the moment that matters most. Navigation fetches the page on click instead.
import NextLink from "next/link";
import type { ComponentProps } from "react";

export default function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
