import { NextResponse } from "next/server";
import { permissionsOf } from "../../../lib/auth/permissions";
import { currentUser } from "../../../lib/auth/session";
import { AppError } from "../../../lib/control/errors";
import { errorResponse } from "../../../lib/http/route";

export async function GET() {
  const user = await currentUser();
  if (!user) return errorResponse(new AppError("UNAUTHORIZED", "sign in first"));
  return NextResponse.json({ email: user.email, role: user.role, permissions: permissionsOf(user.role) });
}
