import { Component, type ErrorInfo, type ReactNode } from "react";

import { Alert } from "@/components/alert";
import { Button, buttonClass } from "@/components/button";

type Props = { children: ReactNode };
type State = { error: Error | null };

/**
 * One render error shows this, not a blank page: what happened in a sentence, and two ways back
 * (try the page again, or go to the gallery). React has no hook for this: it takes a class.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("The page failed to render", error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <Alert
        title="Something went wrong showing this page."
        action={
          <div className="flex gap-2">
            <Button onClick={() => this.setState({ error: null })}>Try again</Button>
            <a href="/" className={buttonClass("primary")}>
              Back to the gallery
            </a>
          </div>
        }
      >
        <p>Your media is safe: this is the page's fault, not the server's.</p>
      </Alert>
    );
  }
}
