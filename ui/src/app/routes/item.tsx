import { Link, useNavigate, useParams } from "react-router";

import { MediaDetail } from "@/features/media-detail/components/media-detail";

export function ItemRoute() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  return (
    <div className="space-y-4">
      <Link
        to="/"
        className="inline-block rounded text-sm text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        ← Back to gallery
      </Link>
      <MediaDetail
        id={id}
        onDeleted={(filename) => void navigate("/", { state: { notice: `Deleted ${filename}.` } })}
      />
    </div>
  );
}
