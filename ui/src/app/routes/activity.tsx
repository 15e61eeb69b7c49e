import { Activity } from "@/features/activity/components/activity";

export function ActivityRoute() {
  return <Activity />;
}
