import Link from "@/app/ui/link.tsx";
import { currentUser } from "@/lib/auth/session.ts";

export default async function LandingPage() {
  const user = await currentUser();
  return (
    <div className="landing">
      <section className="hero">
        <h1>Learn deep learning, and see why the answers are right.</h1>
        <p className="lead">
          Proofdeck is a spaced-repetition flashcard app for people learning deep learning. A few minutes of review a day
          keeps what you learned; every answer in the key points to its evidence.
        </p>
        <div className="actions">
          {user ? (
            <Link href="/decks" className="button">
              Go to my decks
            </Link>
          ) : (
            <>
              <Link href="/signup" className="button">
                Create a free account
              </Link>
              <Link href="/signin" className="button button-secondary">
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="features" aria-label="What you get">
        <div className="feature">
          <h2>Daily review</h2>
          <p>The SM-2 scheduler brings each card back just before you would forget it.</p>
        </div>
        <div className="feature">
          <h2>An answer key with evidence</h2>
          <p>Answers are written from the fastai book and its source, and cite them.</p>
        </div>
        <div className="feature">
          <h2>First deck: CNNs</h2>
          <p>Nine questions from chapter 13 of the fastai book, with corrected answers.</p>
        </div>
      </section>
    </div>
  );
}
