import { Link } from "react-router";

import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";

export function NotFoundRoute() {
  return (
    <Alert
      tone="warning"
      title="There is no page here."
      action={
        <Link to="/" className={buttonClass("secondary")}>
          Go to the gallery
        </Link>
      }
    />
  );
}
